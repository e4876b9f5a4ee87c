using EctLifecycle.Timelines;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>The portfolio today: counts by stage, the score distribution, projects to watch, recent milestones, search and filters.</summary>
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Potential { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hub { get; set; }

    public DateOnly Today { get; private set; }
    public Grid Grid => grids.Default;
    public IReadOnlyList<ScorePeriod> All { get; private set; } = [];
    public IReadOnlyList<ScorePeriod> Shown { get; private set; } = [];
    public Distribution Distribution { get; private set; } = null!;
    public IReadOnlyList<Durability.WatchEntry> Watch { get; private set; } = [];
    public IReadOnlyList<(TimelineEntry Entry, string Project, Guid Id)> Recent { get; private set; } = [];

    /// <summary>Who logged a fact, by the account's display name.</summary>
    public Func<string, string> Who { get; private set; } = login => login;

    /// <summary>Those of <see cref="Recent"/> retracted since (their projects' timelines say so).</summary>
    public IReadOnlySet<Guid> RetractedSince { get; private set; } = new HashSet<Guid>();
    public IReadOnlyList<string> Sectors => All.Select(s => s.Sector).Distinct().Order().ToList();

    private const int RecentCount = 12;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = calendar.Today;
        await using var session = store.QuerySession();
        var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(Today, Grid, null), ct);
        All = (await history.AtAsync(Today, Grid, ct)).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        Shown = All.Where(Matches).ToList();
        Distribution = Distribution.Of(Shown, Grid, Today, null);
        Watch = await Durability.WatchRules.OfAsync(history, Shown, Today, Grid, ct);
        Recent = await RecentAsync(session, All.ToDictionary(s => s.ProjectId, s => s.Name), ct);
        Who = await Accounts.AccountNames.OfAsync(session, ct);
        // A dozen projects at most, from the timelines kept in memory.
        var timelines = await TimelineStore.Of(session.DocumentStore).ReadManyAsync(Recent.Select(r => r.Id).Distinct().ToList(), ct);
        RetractedSince = Recent.Where(r => timelines.Any(t => t.IsRetracted(r.Entry.EventId))).Select(r => r.Entry.EventId).ToHashSet();
    }

    // The latest recorded events through Marten, only the app's project event types (never a tombstone nor a foreign type).
    private static async Task<IReadOnlyList<(TimelineEntry, string, Guid)>> RecentAsync(
        IQuerySession session, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(ProjectEvents.All))
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Sequence)
            .Take(RecentCount).ToListAsync(ct);
        return events.Where(e => names.ContainsKey(e.StreamId))
            .Select(e => (new TimelineEntry(e.Id, e.Version, e.Timestamp, (IProjectEvent)e.Data), names[e.StreamId], e.StreamId)).ToList();
    }

    private bool Matches(ScorePeriod s) =>
        (string.IsNullOrWhiteSpace(Q) || new[] { s.Name, s.Commune, s.Key, s.Summary }
            .Any(t => t.Contains(Q.Trim(), StringComparison.CurrentCultureIgnoreCase)))
        && (string.IsNullOrEmpty(Stage) || s.Stage == Stage)
        && (string.IsNullOrEmpty(Sector) || s.Sector == Sector)
        && (string.IsNullOrEmpty(Form) || (s.LegalForm ?? "none") == Form)
        && (string.IsNullOrEmpty(Potential) || s.EctPotential == (Potential == "yes"))
        && (string.IsNullOrEmpty(Hub) || s.HubAccompanimentActive == (Hub == "yes"));
}
