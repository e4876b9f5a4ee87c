using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Privacy;
using EctLifecycle.Projects;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>The register of the persons named (admin): every natural person's name, where it appears, and the way to erase it.</summary>
[Authorize(Policy = Authentication.CanAdminister)]
public sealed class PersonnesModel(IDocumentStore store) : PageModel
{
    public PersonRegisterView Register { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Register = await PersonRegister.OfAsync(() => session.EachTimelineAsync(ct), ct);
    }

    public static string Basis(PersonBasis basis) => basis switch
    {
        PersonBasis.Said => "personne physique (saisi)",
        PersonBasis.Rule => "personne physique (règle par défaut)",
        PersonBasis.SaidNot => "dit ne pas être une personne physique ici",
        _ => "seulement cité ici",
    };

    public static string Role(PersonRole role) => role.Type switch
    {
        "actorJoined" => $"acteur ({FrenchLabels.Of(role.Kind!.Value)}, {FrenchLabels.Of(role.Role!.Value).ToLowerInvariant()})",
        "carrierIdentified" => "porteur",
        "carryingHandedOver" => "porteur (passation)",
        _ => FrenchLabels.MilestoneTypes[role.Type],
    };

    public static string Where(PersonInProject row) => string.Join(" ; ",
        row.Roles.Select(Role).Distinct()
            .Concat(row.MentionedIn.Count == 0 ? [] : [$"cité dans : {string.Join(", ", row.MentionedIn.Select(t => FrenchLabels.MilestoneTypes[t]))}"]));
}
