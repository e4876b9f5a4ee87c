using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Lineage;

/// <summary>A project in the forest of lineages: what it was born of (from its parent, if one of ours) and the projects born of it.</summary>
public sealed record LineageNode(
    string Key, string Name, Stage Stage, int Score, bool EctPotential, IReadOnlyList<BirthOrigin> BornOf, IReadOnlyList<LineageNode> Children);

/// <summary>A project that followed, with its stage and score at the date.</summary>
public sealed record Follower(string Key, string Name, BirthOrigin Origin, string? From, Stage Stage, int Score, bool EctPotential);

/// <summary>
/// The projects that followed a carrier (born of a project it carried, by its carrier, or carried by it after a first
/// one), or a method the hub ran. <c>Actor</c> is the actor's key across projects (<see cref="ActorKey"/>).
/// </summary>
public sealed record FollowerGroup(string Actor, string Name, int Projects, double MeanScore, IReadOnlyDictionary<string, int> ByStage, IReadOnlyList<Follower> Followers);

/// <summary>
/// Projects born of others (réplicabilité): « Quelle capacité des porteurs de projet à s'emparer des méthodes de coopération
/// animées par le Clus'Ter Jura et à les répliquer pour l'émergence d'autres activités coopératives et territorialisées ? »
/// (seed <c>000_63fefee6844dd0ec.txt</c>). At a business date (and as known at a recording date): the forest of the projects
/// born of one another, each origin counted by kind, and per carrier and per method the projects that followed, with
/// their stage and score. A carrier is an actor across projects through <see cref="IActorIdentities"/>: until the
/// directory links names, a carrier is its project's own.
/// </summary>
public sealed record ProjectLineage(
    DateOnly AsOf, DateOnly? KnownAt, string GridVersion, int Projects, int BornOfOthers, IReadOnlyDictionary<string, int> Origins,
    IReadOnlyList<LineageNode> Trees, IReadOnlyList<FollowerGroup> Carriers, IReadOnlyList<FollowerGroup> Methods) : ITidy
{
    /// <summary>
    /// The lineage at a date, from each member's period at the date (<see cref="PortfolioHistory.LineageFactsAtAsync"/>: its
    /// stage, origins and carriers so far), then, for the projects born of another's carrier, the source's period on the
    /// day of the birth (its carrier then): no timeline is read. A member whose periods an older version of the app wrote
    /// (a rebuild under way) is read from its timeline instead, a chunk of projects at a time
    /// (<see cref="Timelines.TimelineStore.StreamsPerChunk"/>), and reduced at once to what the lineage reads of it.
    /// <paramref name="chunk"/>: how many projects at a time (smaller in the tests, to cross chunks).
    /// </summary>
    public static async Task<ProjectLineage> OfAsync(PortfolioHistory history, AnalyticsParameters p, IActorIdentities identities, CancellationToken ct,
        int chunk = Timelines.TimelineStore.StreamsPerChunk)
    {
        var members = await history.LineageFactsAtAsync(p.AsOf, p.Grid, ct);
        var map = await identities.ReadAsync(p.RecordedBy, ct);
        var projects = await history.FromPeriodsOrTimelinesAsync(members, p.Grid, Reduced.Of, (m, timeline) => Reduced.Of(m, timeline, p), chunk, ct);
        return Of(projects, await SourceCarriersAsync(history, projects, p, chunk, ct), p, map);
    }

    /// <summary>
    /// The lineage at a date with every member read from its timeline, as <see cref="OfAsync"/> reads those whose periods are
    /// of an older version: what the periods' reading must equal.
    /// </summary>
    public static async Task<ProjectLineage> FromTimelinesAsync(PortfolioHistory history, AnalyticsParameters p, IActorIdentities identities, CancellationToken ct,
        int chunk = Timelines.TimelineStore.StreamsPerChunk)
    {
        var members = await history.LineageFactsAtAsync(p.AsOf, p.Grid, ct);
        var map = await identities.ReadAsync(p.RecordedBy, ct);
        var projects = new List<Reduced>(members.Count);
        foreach (var part in members.Chunk(chunk))
        {
            var timelines = await history.TimelinesAsync(part.Select(m => m.ProjectId), ct);
            projects.AddRange(part.Select(m => Reduced.Of(m, timelines[m.ProjectId], p)));
        }
        return Of(projects, await SourceCarriersAsync(history, projects, p, chunk, ct), p, map);
    }

    /// <summary>
    /// The carrier of each source of a birth by a carrier, on the birth's day: from the source's period holding then, or from
    /// its timeline when the source was read from its timeline or its period is of an older version.
    /// </summary>
    private static async Task<Dictionary<(string Key, DateOnly On), (string Name, Guid? ActorId)?>> SourceCarriersAsync(
        PortfolioHistory history, IReadOnlyList<Reduced> projects, AnalyticsParameters p, int chunk, CancellationToken ct)
    {
        var byKey = projects.ToDictionary(x => x.Member.Key);
        var asked = CarrierBirths(projects, byKey).Select(b => (b.Source, b.On)).Distinct().ToList();
        var carriers = new Dictionary<(string Key, DateOnly On), (string Name, Guid? ActorId)?>();
        var fromPeriods = asked.Where(a => !byKey[a.Source].Folded).ToList();
        if (fromPeriods.Count > 0)
        {
            var holding = (await history.HoldingAtAsync(p.Grid, fromPeriods.Select(a => (byKey[a.Source].Id, a.On)).ToList(), ct)).ToLookup(x => x.ProjectId);
            foreach (var (source, on) in fromPeriods)
                if (holding[byKey[source].Id].FirstOrDefault(x => x.HoldsAt(on)) is var period && (period is null || !PortfolioHistory.IsStale(period, p.Grid)))
                    carriers[(source, on)] = period?.CarrierName is { } name ? (name, period.CarrierActorId) : null;
        }
        // The others, each source's timeline read once for all the days it is asked at.
        var folded = asked.Where(a => !carriers.ContainsKey(a)).GroupBy(a => a.Source, a => a.On).ToList();
        foreach (var part in folded.Chunk(chunk))
        {
            var timelines = await history.TimelinesAsync(part.Select(g => byKey[g.Key].Id), ct);
            foreach (var days in part)
                foreach (var on in days)
                    carriers[(days.Key, on)] = timelines[byKey[days.Key].Id].StateAsOf(on)?.Carrier is { } c ? (c.Name, c.ActorId) : null;
        }
        return carriers;
    }

    /// <summary>
    /// What the lineage reads of one project at the date: its stage and origins, and who carried it when (from its timeline:
    /// every arrival of a carrier; from its period: each carrier once, at its first day, which the lineage reads alike).
    /// </summary>
    private sealed record Reduced(ScorePeriod Member, Guid Id, Stage Stage, IReadOnlyList<Origin> Origins, IReadOnlyList<(DateOnly On, string Name, Guid? ActorId)> Carried, bool Folded)
    {
        public static Reduced Of(ScorePeriod member, ProjectTimeline timeline, AnalyticsParameters p)
        {
            var state = timeline.StateAsOf(p.AsOf)!;
            var carried = new List<(DateOnly, string, Guid?)>();
            var emerged = timeline.Registration!.Event.OccurredOn;
            // An arrival dated before the emergence (an older import may have let one stand) is on none of the project's
            // business days: its state, origins and periods leave it out, and so does the lineage.
            foreach (var e in timeline.Effective(p.AsOf))
                if (e.Event.OccurredOn >= emerged && (e.Event switch { CarrierIdentified c => (c.CarrierName, c.ActorId), CarryingHandedOver h => (h.To, h.ActorId), _ => (null, null) }) is ({ } name, var actorId))
                    carried.Add((e.Event.OccurredOn, name, actorId));
            return new(member, timeline.Registration!.Event.ProjectId, state.Stage, state.Origins, carried, true);
        }

        public static Reduced Of(ScorePeriod member) => new(member, member.ProjectId, member.StageOf(),
            member.Origins?.Select(o => new Origin(Vocabulary.TryParseWire<BirthOrigin>(o.Kind, out var kind) ? kind
                : throw new InvalidOperationException($"Origine inconnue dans l'historique des scores : {o.Kind}."), o.SourceProject, o.Method, o.On)).ToList() ?? [],
            member.Carriers?.Select(c => (c.Since, c.Name, c.ActorId)).ToList() ?? [], false);
    }

    // The projects born of another of the portfolio by its carrier: that project's key and the day of the birth.
    private static IEnumerable<(string Key, string Source, DateOnly On, Origin Origin)> CarrierBirths(
        IReadOnlyList<Reduced> projects, IReadOnlyDictionary<string, Reduced> byKey) =>
        projects.SelectMany(x => x.Origins
            .Where(o => o.Kind == BirthOrigin.OtherProjectCarrier && o.SourceProject is { } s && byKey.ContainsKey(s))
            .Select(o => (x.Member.Key, o.SourceProject!, o.On, o)));

    private static ProjectLineage Of(IReadOnlyList<Reduced> projects, IReadOnlyDictionary<(string Key, DateOnly On), (string Name, Guid? ActorId)?> sourceCarriers,
        AnalyticsParameters p, ActorIdentityMap map)
    {
        var byKey = projects.ToDictionary(x => x.Member.Key);
        Follower FollowerOf(string key, BirthOrigin origin, string? from) =>
            new(key, byKey[key].Member.Name, origin, from, byKey[key].Stage, byKey[key].Member.Score, byKey[key].Member.EctPotential);

        // Edges to the sources that are projects of the portfolio at the date.
        var parents = new Dictionary<string, List<(string Source, BirthOrigin Origin)>>();
        foreach (var (key, x) in byKey)
            foreach (var o in x.Origins)
                if (o.SourceProject is { } s && byKey.ContainsKey(s))
                    (parents.TryGetValue(key, out var list) ? list : parents[key] = []).Add((s, o.Kind));
        var children = parents.SelectMany(c => c.Value.Select(x => (Parent: x.Source, Child: c.Key)))
            .GroupBy(x => x.Parent).ToDictionary(g => g.Key, g => g.Select(x => x.Child).Distinct().OrderBy(Order).ToList());
        long Order(string key) => byKey[key].Member.RegistrationSequence;

        LineageNode Node(string key, string? parent, HashSet<string> path)
        {
            var m = byKey[key].Member;
            var origins = parent is null ? [] : parents[key].Where(x => x.Source == parent).Select(x => x.Origin).Distinct().ToList();
            path.Add(key);
            // The rules refuse a cycle; a path is kept anyway so that facts recorded around them never loop here.
            var kids = (children.GetValueOrDefault(key) ?? []).Where(c => !path.Contains(c)).Select(c => Node(c, key, path)).ToList();
            path.Remove(key);
            return new LineageNode(key, m.Name, byKey[key].Stage, m.Score, m.EctPotential, origins, kids);
        }
        var roots = children.Keys.Where(k => !parents.ContainsKey(k)).OrderBy(Order).ToList();
        var trees = roots.Select(r => Node(r, null, [])).ToList();

        // Per carrier: the projects born of a project it carried (by its carrier), and the projects it carried after its first.
        var carriers = new Dictionary<ActorKey, List<Follower>>();
        var firstCarried = new Dictionary<ActorKey, (DateOnly Since, string Key)>();
        foreach (var (key, x) in byKey)
            foreach (var (on, name, actorId) in x.Carried)
            {
                var actor = map.Of(x.Id, name, actorId);
                if (!firstCarried.TryGetValue(actor, out var first) || on < first.Since) firstCarried[actor] = (on, key);
            }
        foreach (var (key, x) in byKey)
            foreach (var (_, name, actorId) in x.Carried)
                if (map.Of(x.Id, name, actorId) is var actor && firstCarried[actor].Key != key)
                    Add(carriers, actor, FollowerOf(key, BirthOrigin.OtherProjectCarrier, firstCarried[actor].Key));
        foreach (var (key, source, on, o) in CarrierBirths(projects, byKey))
            if (sourceCarriers[(source, on)] is { } carrier)
                Add(carriers, map.Of(byKey[source].Id, carrier.Name, carrier.ActorId), FollowerOf(key, o.Kind, source));
        var methods = new Dictionary<string, (string Name, List<Follower> Followers)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, x) in byKey)
            foreach (var o in x.Origins.Where(o => o.Kind == BirthOrigin.HubMethod && o.Method is not null))
            {
                var name = o.Method!.Trim();
                if (!methods.TryGetValue(name, out var m)) methods[name] = m = (name, []);
                m.Followers.Add(FollowerOf(key, o.Kind, null));
            }

        var origins = Vocabulary.WireNames<BirthOrigin>().ToDictionary(w => w,
            w => projects.Count(s => s.Origins.Any(o => o.Kind.Wire() == w)));
        return new ProjectLineage(p.AsOf, p.KnownAt, p.Grid.Version, projects.Count, projects.Count(s => s.Origins.Count > 0), origins, trees,
            carriers.Select(c => GroupOf(c.Key.ToString(), c.Key.Name, c.Value)).OrderByDescending(g => g.Projects).ThenBy(g => g.Name, StringComparer.Ordinal).ToList(),
            methods.Values.Select(m => GroupOf($"method:{m.Name}", m.Name, m.Followers)).OrderByDescending(g => g.Projects).ThenBy(g => g.Name, StringComparer.Ordinal).ToList());
    }

    private static void Add(Dictionary<ActorKey, List<Follower>> groups, ActorKey actor, Follower f)
    {
        if (!groups.TryGetValue(actor, out var list)) groups[actor] = list = [];
        if (list.All(x => x.Key != f.Key)) list.Add(f);
    }

    private static FollowerGroup GroupOf(string actor, string name, List<Follower> followers) =>
        new(actor, name, followers.Count, Math.Round(followers.Average(f => f.Score), 4),
            followers.GroupBy(f => f.Stage.Wire()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), followers);

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "projects", Projects, "Portefeuille · nombre de projets");
        yield return new("portfolio", AsOf, "bornOfOthers", BornOfOthers, "Portefeuille · projets nés d'autre chose (projet, méthode, réplication)");
        foreach (var (origin, n) in Origins)
            yield return new($"origin={origin}", AsOf, "projects", n, $"Né de : {FrenchLabels.Of(typeof(BirthOrigin), origin)?.ToLowerInvariant()} · nombre de projets");
        foreach (var node in Trees.SelectMany(t => Flatten(t, null, 0)))
        {
            yield return new(node.Node.Key, AsOf, "parent", node.Parent ?? "", $"{node.Node.Key} · projet d'origine");
            yield return new(node.Node.Key, AsOf, "depth", node.Depth, $"{node.Node.Key} · génération dans la filiation");
        }
        foreach (var (kind, groups) in new[] { ("carrier", Carriers), ("method", Methods) })
            foreach (var g in groups)
            {
                var who = kind == "carrier" ? $"Porteur {g.Name}" : $"Méthode « {g.Name} »";
                var subject = kind == "carrier" ? $"carrier={g.Actor}" : $"method={g.Name}";
                yield return new(subject, AsOf, "projects", g.Projects, $"{who} · projets qui ont suivi");
                yield return new(subject, AsOf, "meanScore", g.MeanScore, $"{who} · score ECT moyen des projets qui ont suivi");
                foreach (var (stage, n) in g.ByStage)
                    yield return new(subject, AsOf, $"stage:{stage}", n, $"{who} · projets à l'étape « {FrenchLabels.Of(typeof(Stage), stage)?.ToLowerInvariant()} »");
                foreach (var f in g.Followers)
                    yield return new(subject, AsOf, $"follower:{f.Key}", f.Score, $"{who} · score ECT de {f.Key} ({FrenchLabels.Of(f.Stage).ToLowerInvariant()})");
            }
    }

    private static IEnumerable<(LineageNode Node, string? Parent, int Depth)> Flatten(LineageNode node, string? parent, int depth) =>
        node.Children.SelectMany(c => Flatten(c, node.Key, depth + 1)).Prepend((node, parent, depth));
}
