using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Acteurs;

/// <summary>An actor of the directory: its projects over time, who introduced it and whom it introduced, its merges.</summary>
public sealed class FicheModel(IDocumentStore store, Communes.Territory territory) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ActorDetail Detail { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await GetActorEndpoint.ReadAsync(session, territory, Id, ct) is not { } detail) return NotFound();
        Detail = detail;
        Names = (await session.Query<Actor>().ToListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostUndoAsync(Guid merge, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var result = await UndoMergeEndpoint.Undo(merge, User, store, ct);
        if (!PageWrites.Succeeded(result, ModelState)) return await OnGetAsync(ct);
        TempData["Message"] = "La fusion est annulée : chaque fiche redevient un acteur.";
        return Redirect($"/acteurs/{Id}");
    }
}
