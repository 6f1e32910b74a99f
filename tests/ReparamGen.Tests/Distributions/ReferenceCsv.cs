using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ReparamGen.Tests.Distributions;

/// <summary>Reads the reference CSVs written by tools/reference-data/distributions.py (header row, comma-separated, invariant culture).</summary>
internal static class ReferenceCsv
{
    public static IReadOnlyList<Dictionary<string, string>> Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ReferenceData", fileName);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            return header.Select((h, i) => (h, cells[i])).ToDictionary(p => p.h, p => p.Item2);
        }).ToList();
    }

    /// <summary>A number cell; an empty cell (a parameter the law does not have) reads as 0.</summary>
    public static double Number(this Dictionary<string, string> row, string column)
        => row[column].Length == 0 ? 0.0 : double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);
}
