using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.HubEvents;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Evenements;

/// <summary>
/// The hub's collective events: the list, a form to record one and its attendees (the directory's actors, suggested as one
/// types), a form to add attendees to one, and, for the event chosen in the list (<c>?evenement=</c>), a correction, the
/// retraction of an attendee and the withdrawal of the event (facts added, nothing deleted); for analysts the analysis
/// (outside the agglomeration, joined a project after).
/// </summary>
public sealed class IndexModel(IDocumentStore store, Territory territory, BusinessCalendar calendar, GridCatalog grids, IActorIdentities identities,
    PortfolioComputations computations) : PageModel
{
    public const int AttendeeRows = 8;

    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["name"] = "Nom de l'événement", ["kind"] = "Type", ["occurredOn"] = "Date de l'événement", ["communeCode"] = "Commune",
        ["attendees"] = "Participants", ["event"] = "Événement", ["asOf"] = "Au (date des faits)", ["knownAt"] = "Tel que connu le (date de saisie)",
        ["grid"] = "Grille", ["reason"] = "Motif", ["actorId"] = "Participant",
    };

    /// <summary>
    /// A field's French name in the errors' summary; a participant by the form's row it was typed in when the new event's
    /// form is refused (the API numbers the participants given, the empty rows left out), else by its number.
    /// </summary>
    public string FieldLabel(string field)
    {
        if (!field.StartsWith("attendees[") || !int.TryParse(field[10..field.IndexOf(']')], out var i))
            return FieldLabels.GetValueOrDefault(field, field);
        var row = Refusing == "hold" ? Enumerable.Range(0, HoldAttendees.Length).FirstOrDefault(r => GivenIndex(r) == i, -1) : -1;
        return $"Participant {(row >= 0 ? row : i) + 1}";
    }

    public Dictionary<string, string[]> Errors { get; } = [];
    /// <summary>The form refused (hold, correct, withdraw, retract:{actorId}): its fields show the errors beside them.</summary>
    public string? Refusing { get; private set; }
    /// <summary>What the refused form held, shown again.</summary>
    public Dictionary<string, string?> Typed { get; } = [];
    /// <summary>The event chosen to correct, retract an attendee of, or withdraw (<c>?evenement=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "evenement")] public Guid? Chosen { get; set; }
    public HubEventView? Editing => Chosen is { } id ? Events.FirstOrDefault(e => e.Id == id) : null;
    public IReadOnlyList<HubEventView> Events { get; private set; } = [];
    public AnalyticsParameters? Parameters { get; private set; }
    public HubEventsAnalysis? Answer { get; private set; }
    public DateOnly Today => calendar.Today;

    public string? Q(string name) => Request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    public string CsvLink => Parameters is not { } p ? "" : $"/api/analytics/hub-events.csv?asOf={p.AsOf:yyyy-MM-dd}" + (p.KnownAt is { } k ? $"&knownAt={k:yyyy-MM-dd}" : "");

    public string[] ErrorsOf(string form, string field) => Refusing == form ? Errors.GetValueOrDefault(field) ?? [] : [];

    /// <summary>A field of the new event's form: as typed when it was refused, else empty.</summary>
    public string? HoldValue(string field) => Refusing == "hold" ? Typed.GetValueOrDefault(field) : null;

    /// <summary>The new event's participant rows as typed when it was refused: name and directory id per row.</summary>
    public (string? Name, string? Id)[] HoldAttendees { get; private set; } = [];

    /// <summary>
    /// The errors of the form's participant row <paramref name="row"/>: the API numbers the participants given, the form's
    /// empty rows left out.
    /// </summary>
    public string[] HoldAttendeeErrors(int row) => Refusing == "hold" && GivenIndex(row) is { } given
        ? [.. Errors.Where(e => e.Key == $"attendees[{given}]" || e.Key.StartsWith($"attendees[{given}].", StringComparison.Ordinal)).SelectMany(e => e.Value)]
        : [];

    /// <summary>
    /// The number the API gives the participant of the form's row <paramref name="row"/>: the rows with a name are sent, the
    /// empty ones left out (as <see cref="Attendees"/> does); null for an empty row.
    /// </summary>
    private int? GivenIndex(int row) => row < HoldAttendees.Length && !string.IsNullOrWhiteSpace(HoldAttendees[row].Name)
        ? HoldAttendees.Take(row).Count(a => !string.IsNullOrWhiteSpace(a.Name))
        : null;

    /// <summary>A field of the correction: as typed when it was refused, else as the event reads.</summary>
    public string? Value(string field, string? current) => Refusing == "correct" ? Typed.GetValueOrDefault(field) : current;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Events = await HubEventViews.ReadAsync(session, territory, null, ct);
        if (!User.MayAnalyse()) return;
        var errors = new Dictionary<string, string[]>();
        var p = AnalyticsParameters.Read(Http.DateText.IsoOrAsTyped(Q("asOf")), null, Http.DateText.IsoOrAsTyped(Q("knownAt")), calendar, grids, errors);
        foreach (var (k, v) in errors) Errors[k] = v;
        if (errors.Count > 0) return;
        Parameters = p;
        // In its turn among the instance's portfolio-wide computations, as through the API (it folds every project's timeline).
        Answer = await computations.AnalysisAsync("hub-events", () => HubEventsAnalysis.OfAsync(session, p, identities, territory, ct), ct);
    }

    public async Task<IActionResult> OnPostHoldAsync(string? name, string? kind, string? occurredOn, string? communeCode,
        string[]? attendeeName, string[]? attendeeId, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        // A date typed day first kept as the API and the date box read it.
        (Typed["name"], Typed["kind"], Typed["occurredOn"], Typed["communeCode"]) = (name, kind, Http.DateText.IsoOrAsTyped(occurredOn), communeCode);
        HoldAttendees = [.. (attendeeName ?? []).Select((n, i) => (n, attendeeId is not null && i < attendeeId.Length ? attendeeId[i] : null))];
        var json = new JsonObject { ["name"] = name, ["kind"] = kind, ["occurredOn"] = Typed["occurredOn"] };
        if (!string.IsNullOrWhiteSpace(communeCode)) json["communeCode"] = communeCode.Trim();
        var attendees = Attendees(attendeeName, attendeeId);
        if (attendees.Count > 0) json["attendees"] = attendees;
        var (answer, errors) = await HubEventEndpoints.HoldAsync(store, territory, calendar, Parse(json), User.Login(), ct);
        if (answer is null) return await Refused(errors, ct, "hold");
        TempData["Message"] = $"Événement enregistré, {answer.Attendees.Count} participant(s).";
        return Redirect("/evenements");
    }

    public async Task<IActionResult> OnPostAttendeesAsync(Guid? eventId, string[]? attendeeName, string[]? attendeeId, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        if (eventId is not { } id) return await Refused(new() { ["event"] = ["choisissez un événement"] }, ct, "attendees");
        var json = new JsonObject { ["attendees"] = Attendees(attendeeName, attendeeId) };
        var (answer, errors) = await HubEventEndpoints.AddAttendeesAsync(store, territory, calendar, id, Parse(json), User.Login(), ct);
        if (answer is null) return await Refused(errors ?? Unknown, ct, "attendees");
        TempData["Message"] = $"{answer.Attendees.Count} participant(s) ajouté(s).";
        return Redirect("/evenements");
    }

    public async Task<IActionResult> OnPostCorrectAsync(Guid? eventId, string? name, string? kind, string? occurredOn, string? communeCode, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        (Chosen, Typed["name"], Typed["kind"], Typed["occurredOn"], Typed["communeCode"]) = (eventId, name, kind, Http.DateText.IsoOrAsTyped(occurredOn), communeCode);
        if (eventId is not { } id) return await Refused(Unknown, ct, "correct");
        var json = new JsonObject { ["name"] = name, ["kind"] = kind, ["occurredOn"] = Typed["occurredOn"] };
        if (!string.IsNullOrWhiteSpace(communeCode)) json["communeCode"] = communeCode.Trim();
        var (answer, errors) = await HubEventEndpoints.CorrectAsync(store, territory, calendar, id, Parse(json), User.Login(), ct);
        if (answer is null) return await Refused(errors ?? Unknown, ct, "correct");
        TempData["Message"] = "Correction enregistrée ; l'enregistrement d'origine reste dans l'historique.";
        return Redirect($"/evenements?evenement={id}#modifier");
    }

    public async Task<IActionResult> OnPostRetractAsync(Guid? eventId, Guid? actorId, string? reason, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        Chosen = eventId;
        var form = $"retract:{actorId}";
        Typed["reason"] = reason;
        if (eventId is not { } id) return await Refused(Unknown, ct, form);
        if (actorId is not { } actor) return await Refused(new() { ["actorId"] = ["choisissez un participant"] }, ct, form);
        var (answer, errors) = await HubEventEndpoints.RetractAttendeeAsync(store, id, actor, Parse(new JsonObject { ["reason"] = reason }), User.Login(), ct);
        if (answer is null) return await Refused(errors ?? Unknown, ct, form);
        TempData["Message"] = "Participant retiré : il ne compte plus ; son ajout reste dans l'historique.";
        return Redirect($"/evenements?evenement={id}#modifier");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid? eventId, string? reason, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        Chosen = eventId;
        Typed["reason"] = reason;
        if (eventId is not { } id) return await Refused(Unknown, ct, "withdraw");
        var (answer, errors) = await HubEventEndpoints.WithdrawAsync(store, id, Parse(new JsonObject { ["reason"] = reason }), User.Login(), ct);
        if (answer is null) return await Refused(errors ?? Unknown, ct, "withdraw");
        TempData["Message"] = "Événement retiré : il ne compte plus dans l'analyse ; il reste dans la liste et dans l'historique.";
        return Redirect($"/evenements?evenement={id}#modifier");
    }

    private static Dictionary<string, string[]> Unknown => new() { ["event"] = ["cet événement n'existe pas"] };

    /// <summary>
    /// The rows of the form: a name chosen among the directory's suggestions carries its id; a name typed that is not in
    /// the directory is sent without one, and refused on its row (enter it on /acteurs first).
    /// </summary>
    private static JsonArray Attendees(string[]? names, string[]? ids)
    {
        var list = new JsonArray();
        for (var i = 0; i < (names?.Length ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(names![i])) continue;
            var id = ids is not null && i < ids.Length ? ids[i] : null;
            list.Add(string.IsNullOrWhiteSpace(id) ? new JsonObject { ["actorId"] = $"« {names[i].Trim()} » n'est pas dans l'annuaire" } : new JsonObject { ["actorId"] = id });
        }
        return list;
    }

    private static JsonElement Parse(JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement;

    private async Task<IActionResult> Refused(Dictionary<string, string[]> errors, CancellationToken ct, string form)
    {
        Refusing = form;
        foreach (var (k, v) in errors)
            Errors[k] = v.Select(m => m.StartsWith("identifiant invalide") ? "choisissez l'acteur parmi les suggestions de l'annuaire (ou inscrivez-le d'abord sur la page Acteurs)" : m).ToArray();
        var kept = new Dictionary<string, string[]>(Errors);
        await OnGetAsync(ct);
        foreach (var (k, v) in kept) Errors[k] = v;
        return Page();
    }
}
