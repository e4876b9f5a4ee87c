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
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, Wolverine.IMessageBus bus, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Potential { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hub { get; set; }

    /// <summary>The page of the projects' table (<c>p</c>, from 1), of <see cref="PageSize"/> rows.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int ListPage { get; set; } = 1;

    /// <summary>
    /// Rows of the projects' table per page: unpaged, the page was 5.2 MB of HTML at M (10,000 projects) and would be ten
    /// times that at L, for a table no one reads past its first screens (docs/benchmarks.md).
    /// </summary>
    public const int PageSize = 50;

    /// <summary>
    /// The projects to watch listed here, those with the most signs first; the durability report lists them all. At M
    /// the demo's portfolio has 2,141 of them, 1.1 MB of the page.
    /// </summary>
    public const int WatchShown = 20;

    public DateOnly Today { get; private set; }
    public Grid Grid => grids.Default;
    public IReadOnlyList<ScorePeriod> All { get; private set; } = [];
    public IReadOnlyList<ScorePeriod> Shown { get; private set; } = [];
    /// <summary>The rows of <see cref="Shown"/> on <see cref="ListPage"/>.</summary>
    public IReadOnlyList<ScorePeriod> OnPage { get; private set; } = [];
    /// <summary>Where <see cref="OnPage"/> stands among the pages, and their links (partial <c>_Pager</c>).</summary>
    public Shared.Paging Paging { get; private set; } = null!;
    /// <summary>The place (from 1) in <see cref="Shown"/> of the page's first row.</summary>
    public int FirstOnPage { get; private set; } = 1;

    /// <summary>The address of another page of the same search and filters.</summary>
    public string PageUrl(int page) => "/" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["stage"] = Stage, ["sector"] = Sector, ["form"] = Form, ["potential"] = Potential, ["hub"] = Hub,
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(x => !string.IsNullOrEmpty(x.Value))).ToUriComponent();
    public Distribution Distribution { get; private set; } = null!;
    /// <summary>The day's watch list of the projects shown; null while it is being computed (<see cref="Durability.WatchLists.Source.Computing"/>).</summary>
    public IReadOnlyList<Durability.WatchEntry>? Watch { get; private set; }

    /// <summary>
    /// How long a view waits for the day's watch list when none kept can serve (after a start, a new build, midnight) before
    /// it says the list is being computed (setting <c>WatchList:WaitAtView</c>): at M it is computed within a second or two.
    /// </summary>
    public static readonly TimeSpan WaitAtView = TimeSpan.FromSeconds(3);
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
        // Each project's facts, from the index of the dates (at L, 100,000 projects: the whole periods took 4.8-5.4 s warm);
        // the summaries, which no index carries, only for a search.
        All = (await history.FactsAtAsync(Today, Grid, ct)).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var summaries = string.IsNullOrWhiteSpace(Q) ? null : await history.SummariesAtAsync(Today, Grid, ct);
        Shown = All.Where(s => Matches(s, summaries)).ToList();
        (OnPage, Paging, FirstOnPage) = Shared.Paging.Of(Shown, ListPage, PageUrl, "Pages de la liste des projets", PageSize);
        Distribution = Distribution.Of(Shown, Grid, Today, null);
        (Watch, _) = await Durability.WatchLists.ForAsync(session, history, Shown, Today, Grid, bus,
            configuration.GetValue("WatchList:WaitAtView", WaitAtView), ct);
        Recent = await RecentAsync(session, All.ToDictionary(s => s.ProjectId, s => s.Name), ct);
        Who = await Accounts.AccountNames.OfAsync(session, ct);
        // A dozen projects at most, from the timelines kept in memory.
        var timelines = await TimelineStore.Of(session.DocumentStore).ReadManyAsync(Recent.Select(r => r.Id).Distinct().ToList(), ct);
        RetractedSince = Recent.Where(r => timelines.Any(t => t.IsRetracted(r.Entry.EventId))).Select(r => r.Entry.EventId).ToHashSet();
    }

    /// <summary>
    /// The latest recorded events through Marten, only the app's project event types (never a tombstone nor a foreign type),
    /// the last appended first: by their sequence, which the event table's key indexes, read backwards from the end until a
    /// dozen are found. Ordered by their recording time instead, PostgreSQL sorted every event of the store at each view of
    /// the page (at M, 748,000 events: 0.22 s; a second at L). Each write records its own time as it appends
    /// (<see cref="BusinessCalendar.RecordingNow"/>) and an import one time for all it copies, so both orders are the same
    /// but for writes of two instances within the same instant.
    /// </summary>
    private static async Task<IReadOnlyList<(TimelineEntry, string, Guid)>> RecentAsync(
        IQuerySession session, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(ProjectEvents.All))
            .OrderByDescending(e => e.Sequence)
            .Take(RecentCount).ToListAsync(ct);
        return events.Where(e => names.ContainsKey(e.StreamId))
            .Select(e => (new TimelineEntry(e.Id, e.Version, e.Timestamp, (IProjectEvent)e.Data), names[e.StreamId], e.StreamId)).ToList();
    }

    private bool Matches(ScorePeriod s, IReadOnlyDictionary<Guid, string>? summaries) =>
        (string.IsNullOrWhiteSpace(Q) || new[] { s.Name, s.Commune, s.Key, summaries?.GetValueOrDefault(s.ProjectId) ?? "" }
            .Any(t => t.Contains(Q.Trim(), StringComparison.CurrentCultureIgnoreCase)))
        && (string.IsNullOrEmpty(Stage) || s.Stage == Stage)
        && (string.IsNullOrEmpty(Sector) || s.Sector == Sector)
        && (string.IsNullOrEmpty(Form) || (s.LegalForm ?? "none") == Form)
        && (string.IsNullOrEmpty(Potential) || s.EctPotential == (Potential == "yes"))
        && (string.IsNullOrEmpty(Hub) || s.HubAccompanimentActive == (Hub == "yes"));
}
