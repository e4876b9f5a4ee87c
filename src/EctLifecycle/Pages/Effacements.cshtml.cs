using EctLifecycle.Accounts;
using EctLifecycle.Privacy;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>
/// Erasures (admin): type a person's name, optionally a project, and why; see which projects name the person and in how
/// many events; confirm. Below, the erasures done, without any name. <c>?nom=</c> and <c>?projet=</c> fill the name and
/// the project in (the register's link « Effacer… »). The name travels in the forms' bodies, never in a link the page makes.
/// </summary>
[Authorize(Policy = Authentication.CanAdminister)]
public sealed class EffacementsModel(IDocumentStore store, BusinessCalendar calendar, Durability.DurabilityPages reports) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "nom")] public string? Nom { get; set; }
    [BindProperty(SupportsGet = true, Name = "projet")] public string? Projet { get; set; }
    [BindProperty(Name = "motif")] public string? Motif { get; set; }

    /// <summary>Field errors, by the form's field names.</summary>
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>The preview: the projects whose events name the person (empty: none does; null: no preview asked).</summary>
    public IReadOnlyList<ProjectOccurrences>? Found { get; private set; }
    public string? Nowhere { get; private set; }
    public IReadOnlyList<Erasure> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApercuAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await CheckAsync(session, ct) is { } request)
        {
            Found = await Erasures.FindAsync(session, request.Name, request.ProjectId, ct);
            if (Found.Count == 0) Nowhere = await Erasures.NowhereAsync(session, request, ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEffacerAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await CheckAsync(session, ct) is { } request)
        {
            if (await Erasures.EraseAsync(store, calendar.Time, request, User.Login(), ct) is { } done)
            {
                reports.Forget(); // the reports' page's reports kept in memory named the person
                TempData["Message"] = $"Effacement terminé : le nom est remplacé par « {done.Pseudonym} » dans {done.Events} événement(s) " +
                                      $"de {done.Projects} projet(s) ; {done.Answers} réponse(s) enregistrée(s) réécrite(s).";
                return RedirectToPage();
            }
            Nowhere = await Erasures.NowhereAsync(session, request, ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    public string[] ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];

    private async Task<ErasureRequest?> CheckAsync(IQuerySession session, CancellationToken ct)
    {
        var (request, errors) = await Erasures.CheckAsync(session, Nom, Projet, Motif, reasonRequired: true, ct);
        Errors = errors.ToDictionary(e => FormNames.GetValueOrDefault(e.Key, e.Key), e => e.Value);
        return request;
    }

    private static readonly Dictionary<string, string> FormNames = new() { ["name"] = "nom", ["projectId"] = "projet", ["reason"] = "motif" };

    private async Task LoadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Past = await Erasures.ListAsync(session, ct);
    }
}
