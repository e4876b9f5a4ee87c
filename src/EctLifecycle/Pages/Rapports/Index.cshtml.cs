using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Pages.Shared;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wolverine;

namespace EctLifecycle.Pages.Rapports;

/// <summary>
/// Durability reports for the board and funders: stopped projects, survival, reasons, what remains, projects to watch,
/// downloads. The report is computed by Wolverine and kept (<see cref="DurabilityPages"/>): while it is computed (20-30 s
/// at L) the page says so, with how long the last one took, and reloads itself. Its long lists come a page at a time.
/// </summary>
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, DurabilityPages pages, IMessageBus bus) : PageModel
{
    /// <summary>Seconds between two reloads of the page while its report is computed.</summary>
    public const int ReloadSeconds = 5;

    public DurabilityPageView? View { get; private set; }
    public PortfolioReport? Report => View?.Report;
    /// <summary>How the report was found when it is not shown: being computed (and for how long), or failed.</summary>
    public DurabilityPageRead? Read { get; private set; }
    public Dictionary<string, string[]> Errors { get; } = [];
    /// <summary>The date asked, as the API reads it: one typed by hand (28/02/2021) is read as the milestones' forms read it.</summary>
    public string? AsOf => Request.Query["asOf"].ToString() is { Length: > 0 } d ? Http.DateText.IsoOrAsTyped(d) : null;
    public DateOnly Day { get; private set; }

    /// <summary>The page of each long list (from 1): the stopped projects, the projects to watch, the actors who went on.</summary>
    [BindProperty(SupportsGet = true, Name = "arretes")] public int StoppedPage { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "surveiller")] public int WatchPage { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "acteurs")] public int ActorsPage { get; set; } = 1;
    /// <summary>
    /// <c>calcul</c>: what the page's reloads and its lists' links carry (<see cref="DurabilityPageRead.Since"/>), so that they
    /// show a report computed from data read since the first view, or the report whose other page they ask for.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "calcul")] public long? Since { get; set; }

    public (IReadOnlyList<StoppedSummary> OnPage, Paging Paging, int First) Stopped { get; private set; }
    public (IReadOnlyList<WatchEntry> OnPage, Paging Paging, int First) Watch { get; private set; }
    public (IReadOnlyList<ActorWentOn> OnPage, Paging Paging, int First) Actors { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = AnalyticsParameters.Read(AsOf, null, null, calendar, grids, Errors);
        if (Errors.Count > 0) return;
        Day = p.AsOf;
        Read = await pages.ReadAsync(store, bus, p.AsOf, p.Grid, Since, ct);
        Since = Read.Since;
        if (Read.View is not { } view) return;
        View = view;
        var r = view.Report;
        Stopped = Paging.Of(r.Stopped, StoppedPage, page => ListUrl("arretes", page), "Pages des projets arrêtés");
        Watch = Paging.Of(r.WatchList, WatchPage, page => ListUrl("surveiller", page), "Pages des projets à surveiller");
        Actors = Paging.Of(r.ActorsWentOn, ActorsPage, page => ListUrl("acteurs", page), "Pages des acteurs qui ont continué ailleurs");
        // A page past the last (a bookmark) shown as the last: the other lists' links say so.
        (StoppedPage, WatchPage, ActorsPage) = (Stopped.Paging.Page, Watch.Paging.Page, Actors.Paging.Page);
    }

    /// <summary>Where the page waiting for its report goes once it is ready: the same lists' pages, and <see cref="Since"/>.</summary>
    public string ReloadUrl => Address(null);

    /// <summary>
    /// <c>?handler=etat</c>: where the report being computed stands, for the waiting page's script (<c>js/rapports.js</c>),
    /// which updates the time and the progress bar and reloads the page once the report is ready.
    /// </summary>
    public IActionResult OnGetEtat()
    {
        var p = AnalyticsParameters.Read(AsOf, null, null, calendar, grids, Errors);
        if (Errors.Count > 0) return BadRequest();
        var (state, since, waiting) = pages.StateOf(p.AsOf, p.Grid);
        return new JsonResult(new
        {
            etat = state switch { DurabilityPages.State.Computing => "calcul", DurabilityPages.State.Ready => "pret", _ => "aucun" },
            secondes = (int)since.TotalSeconds,
            texte = Saying(waiting, since),
        });
    }

    /// <summary>What the waiting page says of the report: waiting for its turn since it was asked, or computed since it began.</summary>
    public static string Saying(bool waiting, TimeSpan since) =>
        waiting ? $"{Waiting} Demandé il y a {Duration(since)}." : $"{Computing} Commencé il y a {Duration(since)}.";

    public const string Waiting = "En attente : un autre calcul sur tout le portefeuille (la liste de surveillance du jour, ou un autre rapport) se termine d'abord.";
    public const string Computing = "Le calcul relit la vie de chaque projet du portefeuille.";

    /// <summary>The address of this report with another page of one of its lists, the others' pages kept.</summary>
    public string ListUrl(string list, int page) => Address((list, page)) + "#" + list;

    private string Address((string List, int Page)? changed)
    {
        var pagesOf = new Dictionary<string, int> { ["arretes"] = StoppedPage, ["surveiller"] = WatchPage, ["acteurs"] = ActorsPage };
        if (changed is var (list, page)) pagesOf[list] = page;
        var query = pagesOf.Where(x => x.Value > 1).Select(x => KeyValuePair.Create(x.Key, (string?)x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Prepend(KeyValuePair.Create("asOf", AsOf))
            .Append(KeyValuePair.Create("calcul", Since?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/rapports" + QueryString.Create(query.Where(x => !string.IsNullOrEmpty(x.Value))).ToUriComponent();
    }

    public string Download(string format, Guid? project = null) =>
        $"/api/reports/durability{(project is { } id ? $"/{id}" : "")}?format={format}{(AsOf is { } d ? $"&asOf={d}" : "")}";

    /// <summary>"12 s", "1 min 05 s": a duration as the page says it.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalSeconds < 60 ? $"{Math.Max(0, (int)t.TotalSeconds)} s" : $"{(int)t.TotalMinutes} min {t.Seconds:00} s";
}
