using System.Text.RegularExpressions;
using EctLifecycle.TestSupport;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>A demo account and what its role opens.</summary>
public sealed record DemoAccount(string Login, string Password, bool Writes, bool Analyses, bool Administers)
{
    public static readonly DemoAccount Equipe = new("equipe", "demo-equipe-2024", Writes: true, Analyses: false, Administers: false);
    public static readonly DemoAccount Analyste = new("analyste", "demo-analyste-2024", Writes: false, Analyses: true, Administers: false);
    public static readonly DemoAccount Admin = new("admin", "demo-admin-2024", Writes: true, Analyses: true, Administers: true);

    public static DemoAccount Of(string login) => new[] { Equipe, Analyste, Admin }.Single(a => a.Login == login);
}

/// <summary>
/// A page as a person reaches it: the address, the status expected (403 where the role may not go: the refusal page is
/// what that person reads), the Razor page it shows when the address is not its own (an unknown address shows the error
/// page), and a step that makes the page show its errors (a refused submit).
/// </summary>
public sealed record Visit(string Url, int Status, string? Shows = null, Func<IPage, Task>? Refuse = null)
{
    public string Name => Refuse is null ? Url : $"{Url} (refusé)";
}

/// <summary>
/// Every page of the app, for each role, with the demo's own ids: the accessibility and phone checks walk these lists, and
/// <see cref="Uncovered"/> compares them with the <c>@page</c> routes under src/EctLifecycle/Pages, so a new page nobody
/// walks fails the suite.
/// </summary>
public static partial class SitePages
{
    /// <summary>Routes that show nothing of their own, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotPages = new Dictionary<string, string>
    {
        ["/deconnexion"] = "a form's action (POST), whose GET sends back to the portfolio",
    };

    /// <summary>What the demo holds, read from the pages: projects, a stopped one's report, the milestone forms, the analyses.</summary>
    public sealed record Demo(IReadOnlyList<string> Projects, string StoppedReport, IReadOnlyList<string> MilestoneKinds, IReadOnlyList<string> Analyses)
    {
        /// <summary>An actor of the demo's directory (its page).</summary>
        public string Actor { get; init; } = "";
        /// <summary>A hub event of the demo, chosen on /evenements (its correction, retractions and withdrawal for writers).</summary>
        public string HubEvent { get; init; } = "";
    }

    public const string AsOf = "2024-06-30";

    public static async Task<Demo> ReadAsync(IPage page, DemoAccount account)
    {
        await page.GotoAsync("/");
        var projects = (await page.Locator("section[aria-labelledby=projects] a[href^='/projets/']")
            .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).Distinct().Take(2).ToList();
        projects.Count.ShouldBe(2, "the demo lists its projects");

        await page.GotoAsync($"/rapports?asOf={AsOf}");
        var report = (await page.Locator("a[href^='/api/reports/durability/'][href*='format=html']").First.GetAttributeAsync("href"))!;

        var kinds = new List<string>();
        if (account.Writes)
        {
            await page.GotoAsync($"{projects[0]}/jalon");
            kinds = (await page.Locator("main a[href*='/jalon/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href').split('/').pop())")).ToList();
            kinds.Count.ShouldBeGreaterThan(10, "the milestone forms are offered");
        }

        var analyses = new List<string>();
        if (account.Analyses)
        {
            // Each question with its defaults, then each choice of each menu, one at a time, under the first question that offers it.
            await page.GotoAsync($"/analyses?asOf={AsOf}");
            var views = await page.GetByRole(AriaRole.Navigation, new() { Name = "Questions" }).Locator("a")
                .EvaluateAllAsync<string[]>("links => links.map(a => new URLSearchParams(a.getAttribute('href').split('?')[1]).get('vue'))");
            views.Length.ShouldBeGreaterThanOrEqualTo(5);
            var menusSeen = new HashSet<string>();
            foreach (var view in views)
            {
                var url = $"/analyses?vue={view}&asOf={AsOf}";
                analyses.Add(url);
                await page.GotoAsync(url);
                foreach (var menu in new[] { "by", "period", "on" })
                {
                    var select = page.Locator($"form select#{menu}");
                    if (await select.CountAsync() == 0 || !menusSeen.Add(menu)) continue;
                    var options = await select.Locator("option").EvaluateAllAsync<string[]>("os => os.filter(o => !o.selected).map(o => o.value)");
                    analyses.AddRange(options.Select(o => $"{url}&{menu}={Uri.EscapeDataString(o)}"));
                }
            }
        }
        await page.GotoAsync("/acteurs");
        var actor = (await page.Locator("table[data-testid=actors] a[href^='/acteurs/']").First.GetAttributeAsync("href"))!;
        var hubEvent = await page.EvaluateAsync<string>("() => fetch('/api/hub-events').then(r => r.json()).then(list => list[0].id)");
        return new Demo(projects, report, kinds, analyses) { Actor = actor, HubEvent = $"/evenements?evenement={hubEvent}" };
    }

    public static IReadOnlyList<Visit> For(DemoAccount role, Demo demo)
    {
        var writer = role.Writes ? 200 : 403;
        var analyst = role.Analyses ? 200 : 403;
        var administrator = role.Administers ? 200 : 403;
        var first = demo.Projects[0];

        var visits = new List<Visit> { new("/", 200), new("/?q=zzzz", 200), new("/projets/nouveau", writer) };
        if (role.Writes) visits.Add(new("/projets/nouveau", 200, Refuse: SubmitEmptyAsync));
        foreach (var p in demo.Projects) visits.AddRange([new(p, 200), new($"{p}?asOf=2021-06-30", 200)]);
        visits.AddRange([new($"{first}/evaluation", writer), new($"{first}/jalon", writer)]);
        visits.AddRange(demo.MilestoneKinds.Select(k => new Visit($"{first}/jalon/{k}", 200)));
        if (role.Writes) visits.Add(new($"{first}/jalon/actorJoined", 200, Refuse: LogAFutureActorAsync));

        visits.AddRange(role.Analyses ? demo.Analyses.Select(a => new Visit(a, 200)) : [new("/analyses", 403)]);
        if (role.Analyses) visits.Add(new("/analyses?vue=cohorts&by=inconnu&asOf=2024-13-45", 200));
        visits.AddRange([new($"/reseau?asOf={AsOf}", analyst), new("/reseau?asOf=2024-13-45", analyst)]);
        visits.AddRange([new($"/rapports?asOf={AsOf}", 200), new($"/api/reports/durability?format=html&asOf={AsOf}", 200)]);
        visits.Add(new(demo.StoppedReport, 200));
        visits.AddRange([new("/import", 200), new("/exports", analyst), new("/grilles", 200), new("/compte", 200)]);
        visits.AddRange([new("/a-faire", 200), new("/a-faire?qui=equipe", 200), new("/communes", 200)]);
        visits.AddRange([new("/acteurs", 200), new("/acteurs?q=zzzz", 200), new("/acteurs/liens", 200), new(demo.Actor, 200)]);
        visits.AddRange([new("/evenements", 200), new("/evenements?asOf=2024-13-45", 200), new(demo.HubEvent, 200)]);
        if (role.Writes) visits.Add(new("/evenements", 200, Refuse: SubmitEmptyAsync));
        visits.AddRange(new[] { "/utilisateurs", "/personnes", "/effacements", "/journal" }.Select(u => new Visit(u, administrator)));
        visits.AddRange([new("/acces-refuse", 403), new("/nulle-part", 404, Shows: "/erreur/{code:int}")]);
        return visits;
    }

    /// <summary>What a person who is not signed in sees (any other address sends to it): the sign-in page, and its refusal of an unknown login.</summary>
    public static IReadOnlyList<Visit> SignedOut() => [new("/connexion", 200), new("/connexion", 200, Refuse: SignInAsNobodyAsync)];

    /// <summary>Goes to the page (and refuses its form when asked), checks the status, and says whether the page shows errors.</summary>
    public static async Task GoAsync(IPage page, Visit visit)
    {
        var response = await page.GotoAsync(visit.Url);
        response!.Status.ShouldBe(visit.Status, visit.Url);
        if (visit.Refuse is null) return;
        await visit.Refuse(page);
        // The refused page is there when its summary of errors is: waited for itself, not for a load event that fired before
        // the wait began or that a busy machine delivers late (a phone walk timed out so in CI with the page shown).
        await page.Locator(".error-summary").First.WaitForAsync();
        (await page.Locator(".error-summary").CountAsync()).ShouldBeGreaterThan(0, $"{visit.Name}: the refusal is shown");
    }

    /// <summary>Opens every closed &lt;details&gt; (a chart's figures, a milestone's detail), so that what they hold is checked too.</summary>
    public static Task OpenEveryDetailAsync(IPage page) => page.EvaluateAsync(
        "async () => { document.querySelectorAll('details:not([open])').forEach(d => d.open = true); await new Promise(r => setTimeout(r, 50)); }");

    private static async Task SubmitEmptyAsync(IPage page) =>
        await page.Locator("main form[method=post] button[type=submit]").First.ClickAsync();

    private static async Task LogAFutureActorAsync(IPage page)
    {
        await page.GetByLabel("Date du fait").FillAsync("2999-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
    }

    private static async Task SignInAsNobodyAsync(IPage page)
    {
        // A login no account has: its failures lock nobody the other tests sign in as.
        await page.GetByLabel("Identifiant").FillAsync("personne-inconnue");
        await page.GetByLabel("Mot de passe").FillAsync("pas-le-bon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>The <c>@page</c> routes of src/EctLifecycle/Pages.</summary>
    public static IReadOnlyList<string> Routes() =>
        Directory.EnumerateFiles(Path.Combine(BuiltApp.RepositoryRoot(), "src", "EctLifecycle", "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Select(f => PageDirective().Match(File.ReadLines(f).FirstOrDefault() ?? ""))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The routes no visit reaches (by its address, or by the page it shows), routes that are not pages aside.</summary>
    public static IReadOnlyList<string> Uncovered(IEnumerable<Visit> visits)
    {
        var list = visits.ToList();
        return Routes().Where(r => !NotPages.ContainsKey(r))
            .Where(r => !list.Any(v => v.Shows == r || (v.Shows is null && Matches(r, v.Url)))).ToList();
    }

    private static bool Matches(string route, string url)
    {
        var path = url.Split('?')[0];
        var pattern = Regex.Replace(route, @"/\{(\w+)(?::(\w+))?(\?)?\}", m =>
        {
            var segment = m.Groups[2].Value switch { "guid" => "[0-9a-fA-F-]{36}", "int" => "[0-9]+", _ => "[^/]+" };
            return m.Groups[3].Success ? $"(/{segment})?" : $"/{segment}";
        });
        return Regex.IsMatch(path, $"^{pattern}$");
    }

    [GeneratedRegex("^@page\\s+\"([^\"]+)\"")]
    private static partial Regex PageDirective();
}
