using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Xunit.Sdk;

namespace ReparamGen.PackageTests;

/// <summary>The output of a finished <c>dotnet</c> command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>Fails with the command's whole output unless it exited with 0.</summary>
    public CommandResult EnsureSuccess()
        => ExitCode == 0 ? this : throw new XunitException($"'{Command}' exited with {ExitCode}. Output:\n{Output}");
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process with a time limit, capturing stdout and stderr together.
/// MSBuild node reuse and the compiler server are turned off: a build server left running would inherit
/// the output pipes and keep this process waiting (and would outlive the test).
/// </summary>
public static class DotNet
{
    public static CommandResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Variables that `dotnet test` sets for its own MSBuild must not steer the child's.
        foreach (var name in new List<string>(start.Environment.Keys))
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        var command = "dotnet " + string.Join(" ", arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"'{command}' did not finish within {timeout} and was killed. Output so far:\n{Snapshot(output)}");
        }

        // Let the output readers drain; bounded, in case some grandchild still holds the pipes.
        using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            process.WaitForExitAsync(drained.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Keep what was read.
        }

        return new CommandResult(command, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
