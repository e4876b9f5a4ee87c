using EctLifecycle.HubEvents;
using Marten;
using Marten.Events;

namespace EctLifecycle.Privacy;

/// <summary>
/// The erasure of a person's name in the hub's collective events (issue 19). An attendee is a directory actor named by
/// its id only, so the attendee's name is erased with the directory's entry (<see cref="DirectoryMasks"/>); what staff
/// typed in the events' streams (the event's name, why it was withdrawn, why an attendee was retracted) is masked here
/// like the projects' texts, with the same pseudonym, then each event's read model is folded again from its masked
/// events. Ids, kinds, communes and logins are codes.
/// </summary>
public static class HubEventMasks
{
    public static void Register(IEventStoreOptions events)
    {
        events.AddMaskingRuleForProtectedInformation<HubEventHeld>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
        events.AddMaskingRuleForProtectedInformation<HubEventCorrected>(e => EventMasks.InProgress is { } m ? e with { Name = m.Text(e.Name) } : e);
        events.AddMaskingRuleForProtectedInformation<HubEventWithdrawn>(e => EventMasks.InProgress is { } m ? e with { Reason = m.Text(e.Reason) } : e);
        events.AddMaskingRuleForProtectedInformation<HubEventAttendeeRetracted>(e => EventMasks.InProgress is { } m ? e with { Reason = m.Text(e.Reason) } : e);
    }

    /// <summary>
    /// The hub events whose texts name the person, read from their streams (a name corrected since still stands in the
    /// holding event, which the read model no longer shows).
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> FindAsync(IQuerySession session, PersonName name, CancellationToken ct)
    {
        var ids = await session.Query<HubEvent>().Select(e => e.Id).ToListAsync(ct);
        var found = new List<Guid>();
        foreach (var id in ids)
            if ((await session.Events.FetchStreamAsync(id, token: ct)).Any(e => Texts(e.Data).Any(name.IsIn))) found.Add(id);
        return found;
    }

    private static IEnumerable<string> Texts(object data) => data switch
    {
        HubEventHeld e => [e.Name],
        HubEventCorrected e => [e.Name],
        HubEventWithdrawn e => [e.Reason],
        HubEventAttendeeRetracted e => [e.Reason],
        _ => [],
    };

    /// <summary>Masks the events' streams with the erasure in progress and folds their read models again; how many events of the hub.</summary>
    public static async Task<int> MaskAsync(IDocumentStore store, Masking masking, CancellationToken ct)
    {
        IReadOnlyList<Guid> found;
        await using (var query = store.QuerySession()) found = await FindAsync(query, masking.Name, ct);
        if (found.Count == 0) return 0;
        using (EventMasks.During(masking))
            await store.Advanced.ApplyEventDataMasking(x =>
            {
                foreach (var id in found) x.IncludeStream(id);
            }, ct);
        await using var session = store.LightweightSession();
        foreach (var id in found)
            if (await session.Events.AggregateStreamAsync<HubEvent>(id, token: ct) is { } hubEvent) session.Store(hubEvent);
        await session.SaveChangesAsync(ct);
        return found.Count;
    }
}
