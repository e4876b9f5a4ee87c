using System.Globalization;
using System.Text;

namespace EctLifecycle.Benchmarks;

/// <summary>The run's one table, printed and written into docs/benchmarks.md between the size's own markers.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(BenchSettings s, Machine m, RunFacts facts, IReadOnlyList<Result> results, IReadOnlyList<string> indexes, IReadOnlyList<string> skipped)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"### Size {s.Size.Name}: {facts.Projects:N0} projects, {facts.Events:N0} events ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(Inv, $"Command: `{s.Command}`");
        md.AppendLine();
        var durability = m.Durable ? "durable commits (fsync and synchronous_commit on)" : "**not durable** (fsync or synchronous_commit off)";
        md.AppendLine(Inv, $"Machine: {m.Cores} cores ({m.Cpu}), {m.MemoryGb} GB, {m.Runtime}; PostgreSQL {m.PostgresVersion} on the same machine, {durability}: {string.Join(", ", m.Settings.Select(x => $"{x.Name}={x.Value}"))}.");
        md.AppendLine();
        md.AppendLine(Inv, $"Load average (1, 5, 15 min) at the start: {facts.LoadAtStart}; at the end: {facts.LoadAtEnd} (on {m.Cores} cores: other work on the machine slows every figure).");
        md.AppendLine();
        md.AppendLine("| Measure | Ours (median) | p99 | Raw PostgreSQL limit, same rows | Ours / raw | Target | Met | App peak memory |");
        md.AppendLine("|---|---:|---:|---|---:|---|:-:|---:|");
        foreach (var r in results)
        {
            var met = r.Met(s.Size) switch { true => "yes", false => "**no**", null => "" };
            md.AppendLine(Inv, $"| {r.Name} | {Value(r.Value, r.Unit)} | {(r.Latency is { } l ? Value(l.P99, r.Unit) : "")} | " +
                $"{(r.Raw is { } raw ? $"{Value(raw, r.Unit)} ({r.RawName})" : r.RawName)} | {(r.Ratio is { } q ? q.ToString(q < 10 ? "0.00" : "0", Inv) : "")} | " +
                $"{r.Target?.Text} | {met} | {(r.PeakMb is { } mb ? $"{mb:N0} MB" : "")} |");
        }
        var notes = results.Where(r => r.Note is not null).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine();
            foreach (var r in notes) md.AppendLine(Inv, $"- {r.Name}: {r.Note}");
        }
        foreach (var x in skipped) md.AppendLine(Inv, $"- Not measured: {x}");
        md.AppendLine();
        md.AppendLine(Inv, $"Retractions logged during (1): {facts.Retractions:N0}. Indexes of `mt_events`, copied to the raw table:");
        md.AppendLine();
        foreach (var i in indexes) md.AppendLine(Inv, $"- `{i}`");
        return md.ToString();
    }

    public static string Value(double v, string unit) => unit switch
    {
        "ms" => v < 10 ? $"{v.ToString("0.00", Inv)} ms" : $"{v.ToString("N0", Inv)} ms",
        _ => $"{v.ToString("N0", Inv)} {unit}",
    };

    /// <summary>Replaces the size's section of the file (between its markers), or appends it.</summary>
    public static void WriteInto(string path, string size, string section)
    {
        var begin = $"<!-- bench:{size}:begin -->";
        var end = $"<!-- bench:{size}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from ? text[..from] + block + text[(to + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}

public sealed record RunFacts(int Projects, int Events, int Retractions, string LoadAtStart, string LoadAtEnd);
