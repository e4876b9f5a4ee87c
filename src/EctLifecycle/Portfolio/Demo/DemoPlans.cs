using EctLifecycle.Timelines;
using EctLifecycle.Plans;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The demo's own plans, relative to the app's today, beside those the rules made from its history: for the demo's staff
/// account, one overdue, one or two this week (a week ends on Sunday), one later, and one done by a note dated four days ago.
/// </summary>
public static class DemoPlans
{
    public const string InCharge = "equipe";

    public static async Task<int> SeedAsync(IDocumentStore store, BusinessCalendar calendar, PlanBook book, CancellationToken ct)
    {
        var today = calendar.Today;
        var now = calendar.RecordingNow();
        await using var session = store.LightweightSession();
        var live = new List<ProjectTimeline>();
        await foreach (var t in session.EachTimelineAsync(ct))
            if (ProjectTimeline.Fold(t.Effective()) is { Stopped: null } && live.Count < 5) live.Add(t);
            else if (live.Count == 5) break;
        if (live.Count < 5) return 0;
        (int Days, string Title)[] own =
        [
            (-3, "Rappeler la porteuse après le comité de pilotage"),
            (0, "Préparer la réunion avec la communauté de communes"),
            (4, "Relire la convention de financement avant signature"),
            (25, "Présenter le projet au réseau des tiers-lieux"),
        ];
        foreach (var ((days, title), timeline) in own.Zip(live))
            session.Insert(Own(timeline, title, today.AddDays(days), now));

        // Done: written now (what the import recorded before it does not count), fulfilled by a note logged just after it,
        // dated four days ago.
        var done = live[4];
        session.Insert(Own(done, "Appeler le maire au sujet du local", today.AddDays(2), now));
        var note = new NoteAdded(done.Registration!.Event.ProjectId, today.AddDays(-4), InCharge, "Maire appelé : le local est proposé pour un an.");
        var appended = session.Events.Append(note.ProjectId, done.Version + 1, note).Events[^1];
        appended.Timestamp = now.AddTicks(10);
        await session.SaveChangesAsync(ct);

        await using var sync = store.LightweightSession();
        foreach (var timeline in live)
            if (await sync.LoadTimelineAsync(timeline.Registration!.Event.ProjectId, ct) is { } read) await book.SyncAsync(sync, read, watch: true, ct);
        await sync.SaveChangesAsync(ct);
        return own.Length + 1;
    }

    private static Plan Own(ProjectTimeline timeline, string title, DateOnly due, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at), ProjectId = timeline.Registration!.Event.ProjectId, Kind = PlanKind.Own, Title = title, Due = due,
        InCharge = InCharge, MilestoneType = "note", State = PlanState.Open, Since = BusinessCalendar.DayOf(at), CreatedAt = at, CreatedBy = InCharge,
    };
}
