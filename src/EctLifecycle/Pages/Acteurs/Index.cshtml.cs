using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Acteurs;

/// <summary>The directory of actors: search by name, kind and commune, each entry's projects; register an entry; merge two.</summary>
public sealed class IndexModel(IDocumentStore store, Communes.Territory territory, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Commune { get; set; }
    /// <summary>The page of the list shown, from 1 (<see cref="SearchActorsEndpoint.Limit"/> actors a page).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int ListPage { get; set; } = 1;
    public IReadOnlyList<ActorView> Found { get; private set; } = [];
    /// <summary>How many actors answer the search, on every page.</summary>
    public int Matching { get; private set; }
    public int Pages => Math.Max(1, (Matching + SearchActorsEndpoint.Limit - 1) / SearchActorsEndpoint.Limit);

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page) => "/acteurs" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["kind"] = Kind, ["commune"] = Commune, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(x => !string.IsNullOrEmpty(x.Value))).ToUriComponent();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (ListPage < 1) ListPage = 1;
        var (found, matching, errors) = await SearchActorsEndpoint.SearchAsync(session, territory, Q, Kind, Commune, ct, ListPage);
        foreach (var (field, messages) in errors)
            foreach (var message in messages) ModelState.AddModelError(field, message);
        (Found, Matching) = (found, matching);
    }

    public async Task<IActionResult> OnPostRegisterAsync(string? name, string? kind, string? communeCode, bool isLocal, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var json = new JsonObject { ["name"] = name, ["kind"] = kind, ["isLocal"] = isLocal };
        if (!string.IsNullOrWhiteSpace(communeCode)) json["communeCode"] = communeCode.Trim();
        var reader = new FieldReader(JsonDocument.Parse(json.ToJsonString()).RootElement);
        var fields = ActorInput.Read(reader, territory);
        if (!reader.Ok || fields is null)
        {
            foreach (var (field, messages) in reader.Errors)
                foreach (var message in messages) ModelState.AddModelError(field, message);
            await OnGetAsync(ct);
            return Page();
        }
        var id = await RegisterActorEndpoint.RegisterAsync(store, time, fields, User.Login(), ct);
        TempData["Message"] = $"Acteur inscrit : {fields.Name}.";
        return Redirect($"/acteurs/{id}");
    }

    public async Task<IActionResult> OnPostMergeAsync(Guid kept, Guid absorbed, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var result = await MergeActorsEndpoint.MergeAsync(store, time, kept, absorbed, User.Login(), ct);
        if (!PageWrites.Succeeded(result, ModelState))
        {
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Message"] = "Les deux acteurs sont fusionnés (la fusion s'annule depuis la fiche de l'acteur gardé).";
        return Redirect($"/acteurs/{kept}");
    }
}
