using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// Reads the reference CSVs written by <c>tools/reference-data/special_functions.py</c> and <c>primitives.py</c>
/// (mpmath, 50 or 60 digits; doubles printed with 17 significant digits, so every value round-trips exactly).
/// </summary>
internal sealed class ReferenceCsv
{
    private readonly Dictionary<string, int> _columns;

    private ReferenceCsv(string name, string[] header, List<double[]> rows)
    {
        Name = name;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<double[]> Rows { get; }

    public static ReferenceCsv Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ReferenceData", fileName);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(Parse).ToArray())
            .ToList();
        return new ReferenceCsv(fileName, header, rows);
    }

    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i : throw new ArgumentException("no column " + name + " in " + Name);

    private static double Parse(string s) => s switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
