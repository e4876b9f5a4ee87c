using EctLifecycle.Timelines;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Network;

/// <summary>
/// The network at a business date as known at a recording date: the actor-project ties, the co-membership, their measures,
/// the growth at each 31 December, and the « clef » comparison. Read from every project's timeline (as known then) and,
/// for the pillars, the score history.
/// </summary>
public sealed record ActorNetwork(
    DateOnly AsOf, DateOnly? KnownAt, string GridVersion, NetworkSettings Settings, string HubRule, NetworkAt Network,
    IReadOnlyList<NetworkMeasures> Growth, Clef Clef) : ITidy, IDrawnAnswer
{
    public ScottPlot.Plot Chart() => NetworkChart.Of(this);

    /// <summary>
    /// The network as the API and the page ask for it. Now (no recording date), every project is read a chunk at a time
    /// (<see cref="EventStoreReads.EachTimelineAsync"/>) and only what the network reads of it at each 31 December and at
    /// the date is kept (<see cref="NetworkReading"/>), so that the app's memory follows the live projects and their actors,
    /// not the events. As known at a recording date, the score history itself is folded from every timeline
    /// (<see cref="PortfolioHistory.LoadAsync"/>), so those timelines are read once and shared.
    /// </summary>
    public static async Task<ActorNetwork> OfAsync(IQuerySession session, AnalyticsParameters p, IActorIdentities identities, NetworkSettings settings, CancellationToken ct)
    {
        var map = await identities.ReadAsync(p.RecordedBy, ct);
        if (p.RecordedBy is { } by)
        {
            var timelines = (await session.LoadAllTimelinesAsync(ct)).Select(t => t.KnownAt(by)).Where(t => t.Registration is not null).ToList();
            return await OfAsync(timelines, PortfolioHistory.Of(timelines), map, p, settings, ct);
        }
        var reading = new NetworkReading(p.AsOf);
        await foreach (var timeline in session.EachTimelineAsync(ct)) reading.Add(timeline);
        return await reading.ToNetworkAsync(await PortfolioHistory.LoadAsync(session, p, ct), map, p, settings, ct);
    }

    /// <summary>
    /// <paramref name="yearEndBetweenness"/> false: the growth's networks without betweenness (their hub's is 0), which
    /// costs a search from every node of each: the durability report shows the growth without it.
    /// </summary>
    public static Task<ActorNetwork> OfAsync(IReadOnlyList<ProjectTimeline> timelines, PortfolioHistory history, ActorIdentityMap map,
        AnalyticsParameters p, NetworkSettings settings, CancellationToken ct = default, bool yearEndBetweenness = true)
    {
        var reading = new NetworkReading(p.AsOf);
        foreach (var timeline in timelines) reading.Add(timeline);
        return reading.ToNetworkAsync(history, map, p, settings, ct, yearEndBetweenness);
    }

    public static string HubRuleOf(NetworkSettings s) => (s.HubTiedByAccompaniment, s.HubTiedByMembership) switch
    {
        (true, true) => "Le pôle est lié à un projet qu'il accompagne à la date, ou dont un acteur de type « pôle » est membre du collectif (réglages Network:HubTiedByAccompaniment, Network:HubTiedByMembership).",
        (true, false) => "Le pôle est lié à un projet qu'il accompagne à la date (réglage Network:HubTiedByAccompaniment).",
        (false, true) => "Le pôle est lié à un projet dont un acteur de type « pôle » est membre du collectif (réglage Network:HubTiedByMembership).",
        _ => "Le pôle n'est lié à aucun projet (réglages Network:HubTiedByAccompaniment et Network:HubTiedByMembership désactivés).",
    };

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var row in Measures("network", Network.Measures)) yield return row;
        foreach (var g in Growth)
            foreach (var row in Measures("growth", g)) yield return row;
        foreach (var n in Network.Nodes)
        {
            var what = $"{NetworkLabels.Kind(n.Kind)} « {n.Label} »";
            if (n.Kind != NodeKinds.Project) yield return new(n.Id, AsOf, "projects", n.Projects, $"{what} · Projets dont il est membre ou porteur");
            if (n.Funded > 0) yield return new(n.Id, AsOf, "funded", n.Funded, $"{what} · Projets financés");
            if (n.Degree is { } d) yield return new(n.Id, AsOf, "degree", d, $"{what} · Degré (acteurs avec qui il partage un collectif)");
            if (n.Betweenness is { } b) yield return new(n.Id, AsOf, "betweenness", b, $"{what} · Intermédiarité");
            if (n.Component is { } c) yield return new(n.Id, AsOf, "component", c, $"{what} · Composante connexe");
        }
        foreach (var t in Network.Ties) yield return new($"{t.Actor}|{t.Project}", AsOf, "tie", t.Kind, $"Lien acteur-projet · {NetworkLabels.Tie(t.Kind)}");
        foreach (var g in Clef.Groups)
        {
            yield return new($"clef:{g.Group}", AsOf, "projects", g.Projects, $"{g.Label} · Projets comparés");
            yield return new($"clef:{g.Group}", AsOf, "fell", g.Fell, $"{g.Label} · Projets qui ont perdu le pilier");
            yield return new($"clef:{g.Group}", AsOf, "medianYears", g.MedianYears, $"{g.Label} · Durée médiane du pilier (années)");
        }
        yield return new("clef", AsOf, "tooSmall", Clef.TooSmall, $"Clef · Trop peu de projets pour conclure : {Analytics.AnalyticsLabels.YesNo(Clef.TooSmall)}");
    }

    private static IEnumerable<TidyRow> Measures(string subject, NetworkMeasures m)
    {
        var when = subject == "growth" ? $"Au {m.Date:dd/MM/yyyy}" : "Réseau";
        yield return new(subject, m.Date, "projects", m.Projects, $"{when} · Projets en vie");
        yield return new(subject, m.Date, "actors", m.Actors, $"{when} · Acteurs des collectifs");
        yield return new(subject, m.Date, "actorsInTwoOrMore", m.ActorsInTwoOrMore, $"{when} · Acteurs dans deux projets ou plus");
        yield return new(subject, m.Date, "coMemberships", m.CoMemberships, $"{when} · Liens entre acteurs (co-appartenance)");
        yield return new(subject, m.Date, "density", m.Density, $"{when} · Densité");
        yield return new(subject, m.Date, "components", m.Components, $"{when} · Composantes connexes");
        yield return new(subject, m.Date, "largestComponent", m.LargestComponent, $"{when} · Taille de la plus grande composante");
        yield return new(subject, m.Date, "hubProjects", m.Hub.Projects, $"{when} · Projets liés au pôle");
        yield return new(subject, m.Date, "hubShare", m.Hub.Share, $"{when} · Part des projets liés au pôle");
        yield return new(subject, m.Date, "hubDegree", m.Hub.Degree, $"{when} · Degré du pôle");
        yield return new(subject, m.Date, "hubBetweenness", m.Hub.Betweenness, $"{when} · Intermédiarité du pôle");
    }
}
