using EctLifecycle.Actors;
using Marten;
using Marten.Events;

namespace EctLifecycle.Privacy;

/// <summary>
/// The erasure of a person's name in the directory of actors (issue 18): the entry's name, its corrections, and the
/// names as typed that staff linked to an entry or refused for it, masked in the entries' streams like the projects'
/// events (the same pseudonym), then each entry's read model folded again from its masked events. Every text of the
/// directory's events is here; their ids and logins are codes.
/// </summary>
public static class DirectoryMasks
{
    public static void Register(IEventStoreOptions events)
    {
        events.AddMaskingRuleForProtectedInformation<ActorRegistered>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
        events.AddMaskingRuleForProtectedInformation<ActorCorrected>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
        events.AddMaskingRuleForProtectedInformation<ActorNameLinked>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
        events.AddMaskingRuleForProtectedInformation<ActorLinkRejected>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
    }

    /// <summary>The entries whose name, or a name linked to them or refused, names the person.</summary>
    public static async Task<IReadOnlyList<Guid>> FindAsync(IQuerySession session, PersonName name, CancellationToken ct) =>
        (await session.Query<Actor>().ToListAsync(ct))
            .Where(a => name.IsIn(a.Name) || a.Links.Concat(a.Rejected).Any(l => name.IsIn(l.Name)))
            .Select(a => a.Id).ToList();

    /// <summary>Masks the entries' streams with the erasure in progress and folds their read models again; how many entries.</summary>
    public static async Task<int> MaskAsync(IDocumentStore store, Masking masking, CancellationToken ct)
    {
        IReadOnlyList<Guid> entries;
        await using (var query = store.QuerySession()) entries = await FindAsync(query, masking.Name, ct);
        if (entries.Count == 0) return 0;
        using (EventMasks.During(masking))
            await store.Advanced.ApplyEventDataMasking(x =>
            {
                foreach (var id in entries) x.IncludeStream(id);
            }, ct);
        await using var session = store.LightweightSession();
        foreach (var id in entries)
            if (await session.Events.AggregateStreamAsync<Actor>(id, token: ct) is { } actor) session.Store(actor);
        await session.SaveChangesAsync(ct);
        return entries.Count;
    }
}
