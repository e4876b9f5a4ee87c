using EctLifecycle.Timelines;
using EctLifecycle.Actors;
using EctLifecycle.Communes;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.HubEvents;

/// <summary>
/// The demo's hub events, after its directory: a Start Up de Territoire each autumn from 2019 to 2023 and a workshop, each
/// with directory actors who came, some who joined a project's collective afterwards and some already in one. A few of
/// them are given a commune (a correction of their entry, recorded by « démo »): in the agglomeration, outside it, and
/// some left without one, counted as « commune inconnue ». The projects' events are not touched.
/// </summary>
public static class DemoHubEvents
{
    public const string By = "démo";
    private static readonly string[] Communes = ["39434", "39300", "39198", "39434", "39300", ""];

    public static async Task<int> SeedAsync(IDocumentStore store, TimeProvider time, Territory territory, DateOnly upTo, CancellationToken ct)
    {
        List<Actor> actors;
        var firstJoined = new Dictionary<Guid, DateOnly>();
        await using (var query = store.QuerySession())
        {
            actors = (await query.Query<Actor>().ToListAsync(ct))
                .Where(a => a.Kind is not (DirectoryKind.NaturalPerson or DirectoryKind.Hub)).OrderBy(a => a.NameKey, StringComparer.Ordinal).ToList();
            var map = DirectoryIdentities.Of(actors, await query.Query<ActorMerge>().ToListAsync(ct), null);
            await foreach (var timeline in query.EachTimelineAsync(ct))
                if (timeline.StateAsOf(upTo) is { } state)
                    foreach (var m in state.Actors)
                        if (map.Of(state.Id, m.ActorName, m.ActorId).ActorId is { } id && (!firstJoined.TryGetValue(id, out var on) || m.JoinedOn < on))
                            firstJoined[id] = m.JoinedOn;
        }
        var joining = actors.Where(a => firstJoined.ContainsKey(a.Id)).ToList();
        if (joining.Count == 0) return 0;

        await using var session = store.LightweightSession();
        var corrected = new HashSet<Guid>();
        var held = 0;
        (string Name, HubEventKind Kind, DateOnly On)[] events =
        [
            .. Enumerable.Range(2019, 5).Select(y => ($"Start Up de Territoire {y}", HubEventKind.StartUpDeTerritoire, new DateOnly(y, 10, 15))),
            ("Atelier circuits courts", HubEventKind.Workshop, new DateOnly(2021, 3, 18)),
        ];
        foreach (var (name, kind, on) in events.Where(e => e.On <= upTo))
        {
            // Three who joined a collective afterwards (the soonest after the event), three already in one.
            var after = joining.Where(a => firstJoined[a.Id] > on).OrderBy(a => firstJoined[a.Id]).Take(3);
            var before = joining.Where(a => firstJoined[a.Id] <= on).Skip(held * 2).Take(3);
            var attendees = after.Concat(before).DistinctBy(a => a.Id).ToList();
            if (attendees.Count == 0) continue;
            var id = Guid.CreateVersion7(time.GetUtcNow());
            session.Events.StartStream<HubEvent>(id, [
                new HubEventHeld(id, name, kind, on, territory.Catalog.Find("39300")?.Code, By),
                .. attendees.Select(a => (object)new HubEventAttendeeAdded(id, a.Id, By)),
            ]);
            foreach (var a in attendees.Where(a => a.CommuneCode is null && corrected.Add(a.Id)))
            {
                var code = Communes[(corrected.Count - 1) % Communes.Length];
                if (code.Length > 0 && territory.Catalog.Find(code) is { } commune)
                    session.Events.Append(a.Id, new ActorCorrected(a.Id, a.Name, a.Kind, commune.Code, a.IsLocal, By));
            }
            held++;
        }
        await session.SaveChangesAsync(ct);
        return held;
    }
}
