using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The periods read back share the vocabulary's words (one string for « stopped », one per criterion id...) instead of a
/// copy per period, and are written as before: with the store's own serializer, for 60 generated lives under every grid,
/// and from PostgreSQL through Marten's query. What staff write (names, sectors, communes, the carrier's name) is never shared.
/// </summary>
public class SharedWordsInPeriods(AppFixture app) : ApiTest(app)
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);

    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public void read_back_the_periods_are_the_same_and_share_the_vocabulary()
    {
        var serializer = Store.Options.Serializer();
        var periods = EctLifecycle.Portfolio.Demo.DemoPortfolio.Synthetic(60, seed: 31)
            .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
            .SelectMany(t => ScorePeriods.Of(t, Grids.All, 1)).ToList();
        periods.Count.ShouldBeGreaterThan(500);
        var read = new List<ScorePeriod>();
        foreach (var period in periods)
        {
            var json = serializer.ToJson(period);
            var back = serializer.FromJson<ScorePeriod>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
            // The same period: written again, the same text, field for field.
            serializer.ToJson(back).ShouldBe(json);
            read.Add(back);
        }
        // Written as the default writing of a dictionary and a list: keys and items as they are.
        serializer.ToJson(periods[0]).ShouldContain("\"criteria\":{\"");
        ShouldShare(read);
    }

    [Fact]
    public async Task periods_queried_from_postgresql_share_the_vocabulary_but_not_what_staff_wrote()
    {
        var first = await RegisterAsync("Les Paniers");
        var second = await RegisterAsync("La Ressourcerie");
        foreach (var id in new[] { first, second })
        {
            await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2019-02-01", carrierName = "Hugo R." });
            await LogAsync(id, Actor("Mairie de Lons", "2019-05-01", kind: "company"));
        }
        await using var session = Store.QuerySession();
        var read = (await session.Query<ScorePeriod>().ToListAsync()).ToList();
        read.Select(p => p.ProjectId).Distinct().Count().ShouldBe(2);
        ShouldShare(read);
        var carried = read.Where(p => p.CarrierName is not null).ToList();
        carried.Count.ShouldBeGreaterThan(1);
        carried.Select(p => p.CarrierName).Distinct().ShouldBe(["Hugo R."]);
        carried.Skip(1).ShouldAllBe(p => !ReferenceEquals(p.CarrierName, carried[0].CarrierName), "a person's name is not kept in the shared words");
    }

    private static void ShouldShare(IReadOnlyList<ScorePeriod> read)
    {
        foreach (var (field, value) in new (string, Func<ScorePeriod, string?>)[]
                 {
                     ("grid", p => p.Grid), ("stage", p => p.Stage), ("emergenceContext", p => p.EmergenceContext),
                     ("hubRole", p => p.HubRole), ("governance", p => p.Governance), ("gridFingerprint", p => p.GridFingerprint),
                 })
            foreach (var group in read.GroupBy(value).Where(g => g.Key is not null))
                group.Select(value).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1, $"« {group.Key} » read as more than one string ({field})");
        var criteria = read.SelectMany(p => p.Criteria.Keys).Concat(read.SelectMany(p => p.Pillars.Keys)).Concat(read.SelectMany(p => p.ActorKinds)).ToList();
        criteria.Count.ShouldBeGreaterThan(read.Count);
        foreach (var group in criteria.GroupBy(x => x))
            group.Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1, $"the id « {group.Key} » read as more than one string");
        // What staff typed, which an erasure masks (name, sector, commune): each period read holds its own copy.
        foreach (var (field, value) in new (string, Func<ScorePeriod, string>)[] { ("name", p => p.Name), ("sector", p => p.Sector), ("commune", p => p.Commune) })
            foreach (var group in read.GroupBy(value).Where(g => g.Count() > 1))
                group.Select(value).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(group.Count(), $"« {group.Key} » shared ({field})");
    }
}
