using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Acteurs;

/// <summary>The linking step's proposals: staff confirm that a name typed in a project is a directory actor, or refuse it.</summary>
public sealed class LiensModel(IDocumentStore store, ActorSettings settings) : PageModel
{
    public IReadOnlyList<LinkProposal> Proposals { get; private set; } = [];
    public ActorSettings Settings => settings;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Proposals = await Linking.ProposeAsync(session, settings, null, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, string name, Guid actorId, bool link, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var result = await DecideLinkEndpoint.DecideAsync(store, projectId, name, actorId, link, User.Login(), ct);
        if (!PageWrites.Succeeded(result, ModelState))
        {
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Message"] = link ? $"« {name} » est relié à l'annuaire." : $"Le lien de « {name} » est refusé : il ne sera plus proposé.";
        return Redirect("/acteurs/liens");
    }
}
