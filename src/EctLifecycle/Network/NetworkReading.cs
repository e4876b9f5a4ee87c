using System.Collections.Immutable;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;

namespace EctLifecycle.Network;

/// <summary>
/// What the network reads of each project, taken one timeline at a time: the project's state at each 31 December up to
/// the date and at the date, kept only while the project is live and with only the actors, carrier, fundings and
/// accompaniments then active (<see cref="NetworkAt.Of"/> reads nothing else), and its name, emergence and stop at the
/// date for the « clef ». The timeline itself is not kept, so a reading over every project holds what the networks are
/// made of, not the events.
/// </summary>
public sealed class NetworkReading(DateOnly asOf)
{
    private readonly Dictionary<DateOnly, List<ProjectAt>> _live = [];
    private readonly List<(Guid Id, string Key, string Name, DateOnly EmergedOn, DateOnly? StoppedOn)> _atDate = [];
    private int? _firstYear;

    /// <summary>Projects whose periods are read at once for the « clef ».</summary>
    public const int PeriodsPerChunk = 2_000;

    public void Add(ProjectTimeline timeline)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registered) return;
        var key = ProjectKey.Of(registered);
        var year = registered.OccurredOn.Year;
        _firstYear = Math.Min(_firstYear ?? year, year);
        // Every 31 December before the date from the registration's year on (a project stands from its registration's day).
        for (var y = year; y <= asOf.Year && new DateOnly(y, 12, 31) is var end && end < asOf; y++) Keep(timeline, key, end);
        // The date itself, once even when it is a 31 December.
        if (Keep(timeline, key, asOf) is { } state)
            _atDate.Add((state.Id, key, state.Name, state.EmergedOn, state.Stopped?.On));
    }

    private ProjectState? Keep(ProjectTimeline timeline, string key, DateOnly date)
    {
        if (timeline.StateAsOf(date) is not { } state) return null;
        if (state.Stopped is null)
        {
            if (!_live.TryGetValue(date, out var live)) _live[date] = live = [];
            live.Add(new ProjectAt(state.Id, key, ForTheNetwork(state)));
        }
        return state;
    }

    // Only what NetworkAt.Of reads: what is no longer active, and everything else a state accumulates, left out.
    private static ProjectState ForTheNetwork(ProjectState s) => s with
    {
        Actors = [.. s.Actors.Where(a => a.Active)],
        Fundings = [.. s.Fundings.Where(f => f.Active)],
        Accompaniments = [.. s.Accompaniments.Where(a => a.Active)],
        ExpertiseSought = [],
        Assessments = ImmutableDictionary<string, Assessment>.Empty,
        FollowUps = [],
        Outputs = [],
        LatestOutputs = [],
        Origins = [],
    };

    /// <summary>The network at the date, its growth at each 31 December since the first registration's year, and the « clef ».</summary>
    public async Task<ActorNetwork> ToNetworkAsync(PortfolioHistory history, ActorIdentityMap map, AnalyticsParameters p,
        NetworkSettings settings, CancellationToken ct = default, bool yearEndBetweenness = true)
    {
        NetworkAt At(DateOnly date, bool betweenness) => NetworkAt.Of(date, _live.GetValueOrDefault(date) ?? [], map, settings, betweenness, ct);
        var first = _firstYear ?? asOf.Year;
        var yearEnds = Enumerable.Range(first, Math.Max(0, asOf.Year - first + 1)).Select(y => new DateOnly(y, 12, 31))
            .Where(d => d <= asOf).ToDictionary(d => d, d => At(d, yearEndBetweenness));
        var now = At(asOf, true);
        // Each period kept with the followed pillar's mean alone, a chunk of projects at a time: whole, every project's
        // periods held at once took a few hundred MB at 10,000 projects.
        var periods = new List<PillarPeriod>();
        foreach (var chunk in _atDate.Select(x => x.Id).Chunk(PeriodsPerChunk))
            periods.AddRange((await history.OfProjectsAsync(p.Grid, chunk, asOf, ct)).Select(x => PillarPeriod.Of(x, settings.Pillar)));
        var pillar = p.Grid.Pillars.FirstOrDefault(x => x.Id == settings.Pillar)?.Label ?? settings.Pillar;
        var clef = Clef.Of(asOf, _atDate, yearEnds, periods, pillar, settings);
        return new ActorNetwork(asOf, p.KnownAt, p.Grid.Version, settings, ActorNetwork.HubRuleOf(settings), now,
            yearEnds.OrderBy(x => x.Key).Select(x => x.Value.Measures).ToList(), clef);
    }
}
