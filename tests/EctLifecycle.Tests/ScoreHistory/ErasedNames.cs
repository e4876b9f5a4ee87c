using EctLifecycle.Scoring;
using EctLifecycle.Tests.Privacy;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>An RGPD erasure masks events in place: the periods folded from them are folded again, and name no one.</summary>
public class ErasedNames(AppFixture app) : PeopleInHistories(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task no_period_names_the_erased_person_and_the_periods_still_equal_the_fold()
    {
        var farm = await FarmAsync();
        var neighbour = await NeighbourAsync();
        var schema = Store.Options.DatabaseSchemaName;
        async Task<string> PeriodsTextAsync()
        {
            await using var session = Store.QuerySession();
            return string.Join("\n", await session.AdvancedSql.QueryAsync<string>($"select data::text from {schema}.mt_doc_scoreperiod", default));
        }
        (await PeriodsTextAsync()).ShouldContain("Kerbrat", Case.Insensitive, "the test reads what it erases");

        await ErasedAsync();
        ShouldNotName(await PeriodsTextAsync(), "the score periods");
        ShouldNotName(System.Text.RegularExpressions.Regex.Unescape(await PeriodsTextAsync()), "the score periods, unescaped");
        var grids = App.Host.Services.GetRequiredService<GridCatalog>();
        DateOnly[] dates = [new(2018, 4, 15), new(2018, 12, 31), new(2019, 4, 1), new(2020, 12, 31), new(2022, 1, 1)];
        foreach (var id in new[] { farm, neighbour }) await PeriodOracle.ShouldEqualTheFoldAsync(Store, grids, id, dates);
    }
}
