using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using EctLifecycle.Web;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Projets;

/// <summary>Register a project and its idea's emergence, through the API's own path.</summary>
public sealed class NouveauModel(IDocumentStore store, BusinessCalendar calendar, EctLifecycle.Plans.PlanBook plans) : PageModel
{
    public static readonly IReadOnlyList<FormField> Fields =
    [
        new("name", "Nom du projet", FieldKind.Text),
        new("key", "Clé", FieldKind.Text, false, null, "La référence stable du pôle (comme dans le tableur), unique. Facultative."),
        new("sector", "Secteur", FieldKind.Text, true, null, "Par exemple : alimentation, mobilité, santé."),
        new("commune", "Commune", FieldKind.Text),
        new("summary", "Résumé", FieldKind.LongText),
        new("occurredOn", "Date d'émergence de l'idée", FieldKind.Date),
        new("emergenceContext", "Cadre d'émergence", FieldKind.Select, true, typeof(EmergenceContext)),
        new("hubRole", "Rôle du pôle à l'émergence", FieldKind.Select, true, typeof(HubRole)),
        new("inspiredElsewhere", "Inspiré d'un autre territoire ?", FieldKind.YesNo),
    ];

    public IFormCollection? Posted { get; private set; }
    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString("N");

    public IActionResult OnGet() => User.MayWrite() ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        Posted = Request.Form;
        IdempotencyKey = Request.Form["idempotencyKey"].ToString() is { Length: > 0 } k ? k : IdempotencyKey;
        var (root, bytes) = MilestoneForms.Json(null, Request.Form, Fields);
        var result = await RegisterProjectEndpoint.RegisterAsync(root, bytes, User.Login(), $"web:{IdempotencyKey}", store, calendar, plans, PageJson.Options, ct);
        if (!FormWrites.Succeeded(result, ModelState, out var answer)) return Page();
        TempData["Message"] = "Projet enregistré. Consignez maintenant son collectif et ses premiers jalons.";
        return Redirect($"/projets/{FormWrites.IdOf(answer!, "id")}");
    }

    public FieldView View(FormField f)
    {
        var view = FieldView.Of(f, Posted, ModelState);
        return Posted is null && f.Name == "occurredOn" ? view with { Values = [MilestoneForms.Today(calendar.Today)] } : view;
    }
}
