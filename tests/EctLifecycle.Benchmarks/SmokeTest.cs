using EctLifecycle.TestSupport;
namespace EctLifecycle.Benchmarks;

/// <summary>
/// CI's smoke check of the harness: the whole run at the XS size (40 projects), on the tests' PostgreSQL in schemas of
/// its own. It asserts only that every measure produced a number, never a time.
/// </summary>
public class SmokeTest
{
    [Fact]
    public async Task every_measure_produces_a_number_at_a_tiny_size()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the tests with deploy/test, which provides PostgreSQL.");
        var settings = new BenchSettings(connection, "ect_bench_smoke", BuiltApp.Dll(), Size.XS, 3, Smoke: true, "smoke test");
        var run = await new Harness(settings, _ => { }).RunAsync();

        run.Results.Count.ShouldBeGreaterThanOrEqualTo(10);
        run.Results.ShouldContain(r => r.Name.StartsWith("(10) ", StringComparison.Ordinal));
        run.Skipped.Where(x => x.StartsWith("(10) ", StringComparison.Ordinal)).ShouldBeEmpty("every answer of the reads asked at once");
        foreach (var r in run.Results)
        {
            double.IsFinite(r.Value).ShouldBeTrue(r.Name);
            r.Value.ShouldBeGreaterThan(0, r.Name);
            (r.Raw is null || double.IsFinite(r.Raw.Value)).ShouldBeTrue(r.Name);
        }
        Report.Markdown(settings, run.Machine, run.Facts, run.Results, run.Indexes, run.Skipped).ShouldContain("| Measure |");
    }
}
