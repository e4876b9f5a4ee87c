using EctLifecycle.Timelines;
using System.Globalization;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Projects;
using JasperFx.Events;
using Marten.Events;
using Marten;
using ScottPlot;

namespace EctLifecycle.HubEvents;

/// <summary>A membership in a project's collective, its actor resolved across projects (the directory's id, after merges).</summary>
public sealed record CollectiveJoining(Guid ActorId, Guid ProjectId, string ProjectKey, string ProjectName, DateOnly JoinedOn);

/// <summary>A project an attendee joined after the event: when, and how many days after.</summary>
public sealed record JoinedAfter(Guid ProjectId, string ProjectKey, string ProjectName, DateOnly JoinedOn, int DaysAfter);

/// <summary>An attendee of an event: where from (inside, outside, unknownCommune), the projects joined after it.</summary>
public sealed record HubEventAttendance(Guid ActorId, string Name, string Place, string PlaceLabel, IReadOnlyList<JoinedAfter> Joined);

public sealed record HubEventCounts(int Attendees, int Inside, int Outside, int UnknownCommune, int JoinedAfter);

public sealed record HubEventRow(
    Guid Id, string Name, string Kind, string KindLabel, DateOnly OccurredOn, HubEventCounts Counts, IReadOnlyList<HubEventAttendance> Attendees);

/// <summary>A year's events: the actors who came to one or more (each counted once in the year), where from, who joined after.</summary>
public sealed record HubEventYear(int Year, int Events, int Attendances, HubEventCounts Actors);

/// <summary>
/// The study's question « Les événements collaboratifs d'innovation et d'entrepreneuriat territorial comme Start Up de
/// Territoire fédèrent-ils des acteurs situés en dehors du bassin d'emplois de l'agglomération ? », answered from the
/// hub's events at a business date, as known at a recording date: per event and per year, the attendees, how many came
/// from outside the agglomeration (their commune in the directory against the <c>Territory</c> settings; without one,
/// « commune inconnue », never guessed), and which joined a project's collective after the event (by the date asked).
/// </summary>
public sealed record HubEventsAnalysis(
    DateOnly AsOf, DateOnly? KnownAt, string Agglomeration, IReadOnlyList<HubEventRow> Events, IReadOnlyList<HubEventYear> Years, HubEventCounts AllActors)
    : ITidy, IDrawnAnswer
{
    public static async Task<HubEventsAnalysis> OfAsync(IQuerySession session, AnalyticsParameters p, IActorIdentities identities, Territory territory, CancellationToken ct)
    {
        var by = p.RecordedBy;
        Type[] types = [.. HubEventEvents.All, typeof(ActorRegistered), typeof(ActorCorrected)];
        // In the order they were appended: the events of one transaction share their timestamp, and the fold's sort by
        // timestamp keeps this order between them (the table's own order changes when an erasure rewrites rows).
        var raw = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(types)).OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var events = HubEventFold.Of(raw.Where(e => e.Data is IHubEventEvent).Select(e => (e.StreamId, e.Data, e.Timestamp)), by);
        var communes = new Dictionary<Guid, string?>();
        foreach (var e in raw.Where(e => by is not { } k || e.Timestamp <= k).OrderBy(e => e.Timestamp))
            if (e.Data is ActorRegistered r) communes[r.ActorId] = r.CommuneCode;
            else if (e.Data is ActorCorrected c) communes[c.ActorId] = c.CommuneCode;
        var names = (await session.Query<Actor>().ToListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
        var map = await identities.ReadAsync(by, ct);
        var joinings = new List<CollectiveJoining>();
        // Every project's timeline a chunk at a time, none kept: the answer holds the joinings, not the event store.
        await foreach (var read in session.EachTimelineAsync(ct))
        {
            var t = by is { } at ? read.KnownAt(at) : read;
            if (t.Registration?.Event is not ProjectRegistered registered || t.StateAsOf(p.AsOf) is not { } state) continue;
            foreach (var m in state.Actors)
                if (map.Of(state.Id, m.ActorName, m.ActorId).ActorId is { } id)
                    joinings.Add(new CollectiveJoining(id, state.Id, ProjectKey.Of(registered), state.Name, m.JoinedOn));
        }
        return Of(p.AsOf, p.KnownAt, events, communes, names, map, joinings, territory);
    }

    /// <param name="communes">each directory actor's commune as known at the recording date (null: none)</param>
    /// <param name="names">each directory actor's name as it reads now</param>
    public static HubEventsAnalysis Of(DateOnly asOf, DateOnly? knownAt, IEnumerable<HubEvent> events, IReadOnlyDictionary<Guid, string?> communes,
        IReadOnlyDictionary<Guid, string> names, ActorIdentityMap map, IReadOnlyList<CollectiveJoining> joinings, Territory territory)
    {
        Guid Kept(Guid id) => map.Of(Guid.Empty, names.GetValueOrDefault(id) ?? "", id).ActorId ?? id;
        var held = events.Where(e => e.WithdrawnAt is null && e.OccurredOn <= asOf)
            .OrderBy(e => e.OccurredOn).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var rows = new List<HubEventRow>();
        foreach (var e in held)
        {
            var attendances = e.Present.Select(a => Kept(a.ActorId)).Distinct().Select(id =>
            {
                var place = HubEventPlaces.Of(communes.GetValueOrDefault(id), territory);
                var joined = joinings.Where(j => j.ActorId == id && j.JoinedOn > e.OccurredOn && j.JoinedOn <= asOf)
                    .GroupBy(j => j.ProjectId).Select(g => g.MinBy(j => j.JoinedOn)!)
                    .OrderBy(j => j.JoinedOn).ThenBy(j => j.ProjectKey, StringComparer.Ordinal)
                    .Select(j => new JoinedAfter(j.ProjectId, j.ProjectKey, j.ProjectName, j.JoinedOn, j.JoinedOn.DayNumber - e.OccurredOn.DayNumber))
                    .ToList();
                return new HubEventAttendance(id, names.GetValueOrDefault(id) ?? id.ToString(), place, HubEventPlaces.Label(place), joined);
            }).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            rows.Add(new HubEventRow(e.Id, e.Name, HubEventKinds.Wire(e.Kind), HubEventKinds.Label(e.Kind), e.OccurredOn, Count(attendances), attendances));
        }
        var years = rows.GroupBy(r => r.OccurredOn.Year).OrderBy(g => g.Key)
            .Select(g => new HubEventYear(g.Key, g.Count(), g.Sum(r => r.Attendees.Count), Count(Actors(g)))).ToList();
        return new HubEventsAnalysis(asOf, knownAt, territory.AgglomerationName, rows, years, Count(Actors(rows)));
    }

    /// <summary>Each actor once: from anywhere among the events, joined after one of them if after any.</summary>
    private static List<HubEventAttendance> Actors(IEnumerable<HubEventRow> rows) =>
        rows.SelectMany(r => r.Attendees).GroupBy(a => a.ActorId)
            .Select(g => g.First() with { Joined = g.SelectMany(a => a.Joined).ToList() }).ToList();

    private static HubEventCounts Count(IReadOnlyCollection<HubEventAttendance> a) => new(
        a.Count, a.Count(x => x.Place == TerritoryValues.Inside), a.Count(x => x.Place == TerritoryValues.Outside),
        a.Count(x => x.Place == HubEventPlaces.Unknown), a.Count(x => x.Joined.Count > 0));

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var e in Events)
        {
            var what = $"{e.KindLabel} « {e.Name} » du {e.OccurredOn:dd/MM/yyyy}";
            foreach (var row in Counts($"event:{e.Id:N}", e.OccurredOn, what, e.Counts, "Participants")) yield return row;
            foreach (var a in e.Attendees)
            {
                var subject = $"event:{e.Id:N}|a:{a.ActorId:N}";
                yield return new(subject, e.OccurredOn, "place", a.Place, $"{what} · « {a.Name} » · Origine : {a.PlaceLabel}");
                foreach (var j in a.Joined)
                    yield return new($"{subject}|project:{j.ProjectId:N}", j.JoinedOn, "daysAfter", j.DaysAfter,
                        $"{what} · « {a.Name} » · Jours entre l'événement et son entrée dans le collectif de {j.ProjectKey} {j.ProjectName}");
            }
        }
        foreach (var y in Years)
        {
            var date = new DateOnly(y.Year, 12, 31);
            var what = $"Année {y.Year}";
            yield return new($"year:{y.Year}", date, "events", y.Events, $"{what} · Événements");
            yield return new($"year:{y.Year}", date, "attendances", y.Attendances, $"{what} · Participations");
            foreach (var row in Counts($"year:{y.Year}", date, what, y.Actors, "Acteurs venus (chacun une fois)")) yield return row;
        }
        foreach (var row in Counts("all", AsOf, "Tous les événements", AllActors, "Acteurs venus (chacun une fois)")) yield return row;
    }

    private static IEnumerable<TidyRow> Counts(string subject, DateOnly date, string what, HubEventCounts c, string attendees)
    {
        yield return new(subject, date, "attendees", c.Attendees, $"{what} · {attendees}");
        yield return new(subject, date, "inside", c.Inside, $"{what} · Dans l'agglomération");
        yield return new(subject, date, "outside", c.Outside, $"{what} · Hors de l'agglomération");
        yield return new(subject, date, "unknownCommune", c.UnknownCommune, $"{what} · Commune inconnue");
        yield return new(subject, date, "joinedAfter", c.JoinedAfter, $"{what} · Entrés ensuite dans le collectif d'un projet");
    }

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public Plot Chart()
    {
        var plot = new Plot();
        (Func<HubEventCounts, int> Of, string Label, Color Color)[] stack =
        [
            (c => c.Inside, "dans l'agglomération", Colors.SteelBlue), (c => c.Outside, "hors de l'agglomération", Colors.DarkOrange),
            (c => c.UnknownCommune, "commune inconnue", Colors.LightGray),
        ];
        var bars = new List<Bar>();
        foreach (var y in Years)
        {
            double bottom = 0;
            foreach (var (of, _, color) in stack)
            {
                var n = of(y.Actors);
                if (n > 0) bars.Add(new Bar { Position = y.Year, ValueBase = bottom, Value = bottom + n, FillColor = color });
                bottom += n;
            }
        }
        plot.Add.Bars(bars);
        foreach (var (_, label, color) in stack) plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        var joined = plot.Add.Scatter(Years.Select(y => (double)y.Year).ToArray(), Years.Select(y => (double)y.Actors.JoinedAfter).ToArray(), Colors.ForestGreen);
        joined.LegendText = "entrés ensuite dans un projet";
        joined.LineWidth = 2;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickGenerator = EctLifecycle.Analytics.Charts.WholeNumberTicks();
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Acteurs venus aux événements du pôle, par année, au {AsOf.ToString("dd/MM/yyyy", French)}");
        plot.XLabel("Année");
        plot.YLabel("Nombre d'acteurs");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
