using EctLifecycle.TestSupport;
using EctLifecycle.Benchmarks;

// deploy/bench [--size XS|S|M|L] [--seed N] [--out FILE] [--smoke] [--only logging,rebuild,...]
// [--reuse-data] (measure the portfolio the last run of that size imported, without importing it again)
// [--schema NAME] (the schema of the app's store, ect_bench unless given; the raw and bulk measures use NAME_raw and
// NAME_bulk): one size's data kept beside another's, each measured again with --reuse-data
// [--warm-up SECONDS] [--milestones N] (the logging measure's warm-up and count, for profiling) [--import-runs N] (how many
// times the import is repeated: 5 at S and M): runs the benchmark on the PostgreSQL of
// ECT_BENCH_CONNECTION (deploy/bench provides one), prints the table and writes it into docs/benchmarks.md.
// --plan-only [--repeat N]: only the import's planning of the size's files, in this process, N times (3), with its
// allocations and collections: to profile the app's own part of an import without a database; with --fold, also the
// score history's periods of the planned streams (folded under every grid, then serialized), timed apart; with
// --allocations, the runtime's allocation samples by type during the fold (the last run's); with --typology, instead, the
// durability report's typology of the size's portfolio at the study date, in this process (PlanOnly.Typology).
var size = Size.S;
var seed = 7;
string? output = null;
var smoke = false;
var reuse = false;
HashSet<string>? only = null;
TimeSpan? warmUp = null;
int? milestones = null;
int? importRuns = null;
var planOnly = false;
var fold = false;
var allocations = false;
var typology = false;
var repeat = 3;
var schema = "ect_bench";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size": size = Size.Parse(args[++i]); break;
        case "--seed": seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--smoke": smoke = true; break;
        case "--reuse-data": reuse = true; break;
        case "--schema":
            schema = args[++i];
            if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,40}$"))
            {
                Console.Error.WriteLine($"--schema {schema}: a PostgreSQL name in lower case (letters, digits, _), 41 characters at most");
                return 2;
            }
            break;
        case "--plan-only": planOnly = true; break;
        case "--fold": fold = true; break;
        case "--allocations": allocations = fold = true; break;
        case "--typology": typology = true; break;
        case "--repeat": repeat = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--warm-up": warmUp = TimeSpan.FromSeconds(int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)); break;
        case "--import-runs": importRuns = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--milestones": milestones = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--only":
            only = args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            if (only.Except(BenchSettings.Measures).FirstOrDefault() is { } unknown)
            {
                Console.Error.WriteLine($"unknown measure {unknown}: {string.Join(", ", BenchSettings.Measures)}");
                return 2;
            }
            break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
if (smoke && size == Size.S) size = Size.XS;
size = size with { WarmUp = warmUp ?? size.WarmUp, Milestones = milestones ?? size.Milestones, ImportRuns = importRuns ?? size.ImportRuns };
if (planOnly) return typology ? PlanOnly.Typology(size, seed, repeat) : PlanOnly.Run(size, seed, repeat, fold, allocations);
var connection = Environment.GetEnvironmentVariable("ECT_BENCH_CONNECTION") ?? Environment.GetEnvironmentVariable("ECT_CONNECTION_STRING");
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("ECT_BENCH_CONNECTION is not set: run deploy/bench, which provides PostgreSQL");
    return 2;
}
var command = Environment.GetEnvironmentVariable("ECT_BENCH_COMMAND") ?? $"deploy/bench {string.Join(' ', args)}".Trim();
var settings = new BenchSettings(connection, schema, Environment.GetEnvironmentVariable("ECT_BENCH_APP_DLL") ?? BuiltApp.Dll(), size, seed, smoke, command) { Only = only, ReuseData = reuse };
var run = await new Harness(settings, line => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}")).RunAsync();
var section = Report.Markdown(settings, run.Machine, run.Facts, run.Results, run.Indexes, run.Skipped);
Console.WriteLine();
Console.WriteLine(section);
output ??= smoke || only is not null ? null : Path.Combine(BuiltApp.RepositoryRoot(), "docs", "benchmarks.md");
if (output is not null)
{
    Report.WriteInto(output, size.Name, section);
    Console.WriteLine($"written into {output}");
}
return 0;
