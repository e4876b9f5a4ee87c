using EctLifecycle.Benchmarks;

// deploy/bench [--size XS|S|M|L] [--seed N] [--out FILE] [--smoke]: runs the benchmark on the PostgreSQL of
// ECT_BENCH_CONNECTION (deploy/bench provides one), prints the table and writes it into docs/benchmarks.md.
var size = Size.S;
var seed = 7;
string? output = null;
var smoke = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size": size = Size.Parse(args[++i]); break;
        case "--seed": seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--smoke": smoke = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
if (smoke && size == Size.S) size = Size.XS;
var connection = Environment.GetEnvironmentVariable("ECT_BENCH_CONNECTION") ?? Environment.GetEnvironmentVariable("ECT_CONNECTION_STRING");
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("ECT_BENCH_CONNECTION is not set: run deploy/bench, which provides PostgreSQL");
    return 2;
}
var command = Environment.GetEnvironmentVariable("ECT_BENCH_COMMAND") ?? $"deploy/bench {string.Join(' ', args)}".Trim();
var settings = new BenchSettings(connection, "ect_bench", BenchSettings.FindAppDll(), size, seed, smoke, command);
var run = await new Harness(settings, line => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}")).RunAsync();
var section = Report.Markdown(settings, run.Machine, run.Facts, run.Results, run.Indexes, run.Skipped);
Console.WriteLine();
Console.WriteLine(section);
output ??= smoke ? null : Path.Combine(BenchSettings.RepositoryRoot(), "docs", "benchmarks.md");
if (output is not null)
{
    Report.WriteInto(output, size.Name, section);
    Console.WriteLine($"written into {output}");
}
return 0;
