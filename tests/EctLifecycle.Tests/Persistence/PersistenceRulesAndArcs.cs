using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using Microsoft.Extensions.Configuration;

namespace EctLifecycle.Tests.Persistence;

/// <summary>The readings' one definition, and the rules as settings: defaults, appsettings.json, a query, refusals.</summary>
public class PersistenceRulesAndArcs
{
    private sealed record Step(DateOnly Date, double Value);

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void at_emergence_reads_the_end_of_the_first_year_the_peak_its_first_day_and_the_end_the_last_state_by_then()
    {
        Step[] steps = [new(D("2018-03-01"), 0), new(D("2018-06-01"), 30), new(D("2019-01-01"), 30), new(D("2019-06-01"), 20), new(D("2022-01-01"), 10)];
        var arc = Arc.Of(steps, s => s.Date, s => s.Value, D("2018-03-01"), D("2024-06-30"));

        arc.AtEmergence.ShouldBe(new Reading(D("2019-03-01"), 30));
        arc.Peak.ShouldBe(new Reading(D("2018-06-01"), 30), "the first day at the highest value");
        arc.End.ShouldBe(new Reading(D("2024-06-30"), 10));

        var early = Arc.Of(steps, s => s.Date, s => s.Value, D("2018-03-01"), D("2018-09-01"));
        early.AtEmergence.ShouldBe(new Reading(D("2018-09-01"), 30), "stopped (or read) before a year: read at the end");
        Arc.FirstYearOver(D("2018-03-01"), D("2018-09-01")).ShouldBeFalse();
        Arc.FirstYearOver(D("2018-03-01"), D("2024-06-30")).ShouldBeTrue();
    }

    [Fact]
    public void the_rules_default_to_the_documented_values_which_appsettings_repeats()
    {
        var none = PersistenceRules.Read(Config());
        none.ShouldBe(new PersistenceRules { DriftPoints = 3, CloserPoints = 3, PillarPoints = 0.5 });

        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root(), "src", "EctLifecycle", "appsettings.json")).Build();
        PersistenceRules.Read(shipped).ShouldBe(none);

        PersistenceRules.Read(Config(("Persistence:DriftPoints", "5"), ("Persistence:PillarPoints", "0.75")))
            .ShouldBe(new PersistenceRules { DriftPoints = 5, CloserPoints = 3, PillarPoints = 0.75 });
        Should.Throw<InvalidOperationException>(() => PersistenceRules.Read(Config(("Persistence:DriftPoints", "0"))))
            .Message.ShouldContain("Persistence__DriftPoints");
    }

    [Fact]
    public void a_query_sets_the_rules_again_and_what_it_cannot_read_is_refused_by_name()
    {
        var settings = new PersistenceRules { DriftPoints = 4 };
        var errors = new Dictionary<string, string[]>();
        var query = new Dictionary<string, string> { ["closerPoints"] = "6", ["pillarPoints"] = "0,25" };
        settings.With(n => query.GetValueOrDefault(n), errors).ShouldBe(new PersistenceRules { DriftPoints = 4, CloserPoints = 6, PillarPoints = 0.25 });
        errors.ShouldBeEmpty();

        var bad = new Dictionary<string, string> { ["driftPoints"] = "-2", ["closerPoints"] = "1.5", ["pillarPoints"] = "4" };
        settings.With(n => bad.GetValueOrDefault(n), errors);
        errors.Keys.ShouldBe(["driftPoints", "closerPoints", "pillarPoints"], ignoreOrder: true);
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EctLifecycle.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
