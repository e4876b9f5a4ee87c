using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>The journal (admin): who signed in or failed to, changed an account, issued a token, imported, exported, erased.</summary>
[Authorize(Policy = Authentication.CanAdminister)]
public sealed class JournalModel(IDocumentStore store) : PageModel
{
    public const int Shown = 200;

    public Dictionary<string, string[]> Errors { get; } = [];
    public AuditQuery Query { get; private set; } = new(null, null, null, null);
    public AuditAnswer? Answer { get; private set; }

    public string? Q(string name) => Request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Dates typed by hand in the boxes (28/02/2021) read as the forms read them; the API takes YYYY-MM-DD exactly.
        Query = AuditQuery.Read(Http.DateText.IsoOrAsTyped(Q("from")), Http.DateText.IsoOrAsTyped(Q("to")), Q("who"), Q("kind"), Errors);
        if (Errors.Count > 0) return;
        await using var session = store.QuerySession();
        Answer = await Query.LoadAsync(session, Shown, ct);
    }

    /// <summary>The field's name as the page's form labels it.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "from" => "Du", "to" => "Au", "who" => "Identifiant", "kind" => "Type", _ => field,
    };
}
