using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
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
    public IReadOnlyList<Snapshot> All { get; private set; } = [];
    public IReadOnlyList<Snapshot> Shown { get; private set; } = [];
    public Distribution Distribution { get; private set; } = null!;
    public IReadOnlyList<Durability.WatchEntry> Watch { get; private set; } = [];
    public IReadOnlyList<(TimelineEntry Entry, string Project, Guid Id)> Recent { get; private set; } = [];
    public IReadOnlyList<string> Sectors => All.Select(s => s.State.Sector).Distinct().Order().ToList();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = calendar.Today;
        await using var session = store.QuerySession();
        var history = new PortfolioHistory(await session.LoadAllTimelinesAsync(ct));
        All = history.At(Today, Grid).OrderBy(s => s.State.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        Shown = All.Where(Matches).ToList();
        Distribution = Distribution.Of(Shown, Grid, Today, null);
        Watch = Durability.WatchRules.Of(Shown, Today, Grid);
        Recent = history.Timelines
            .SelectMany(t => t.Entries.Select(e => (Entry: e, Project: ((ProjectRegistered)t.Registration!.Event).Name, Id: t.Registration!.Event.ProjectId)))
            .OrderByDescending(x => x.Entry.RecordedAt).Take(12).ToList();
    }

    private bool Matches(Snapshot s) =>
        (string.IsNullOrWhiteSpace(Q) || new[] { s.State.Name, s.State.Commune, s.Key, s.State.Summary }
            .Any(t => t.Contains(Q.Trim(), StringComparison.CurrentCultureIgnoreCase)))
        && (string.IsNullOrEmpty(Stage) || s.State.Stage.Wire() == Stage)
        && (string.IsNullOrEmpty(Sector) || s.State.Sector == Sector)
        && (string.IsNullOrEmpty(Form) || (s.State.LegalForm?.Form.Wire() ?? "none") == Form)
        && (string.IsNullOrEmpty(Potential) || s.Card.EctPotential == (Potential == "yes"))
        && (string.IsNullOrEmpty(Hub) || Indicators.Of(s.State).HubAccompanimentActive == (Hub == "yes"));
}
