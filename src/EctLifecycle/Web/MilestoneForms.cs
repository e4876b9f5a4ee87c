using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Http;
using EctLifecycle.Portfolio;
using EctLifecycle.Projects;

namespace EctLifecycle.Web;

/// <summary>How a field is entered. A <c>Check</c> box always says yes or no (a hidden « non » goes with it).</summary>
public enum FieldKind { Text, LongText, Date, YesNo, Select, MultiCheck, Number, Check }

/// <summary>
/// One input of a form: the API's field name, its French label and help, how it is entered. <c>CheckedFor</c>: a check
/// box that the page ticks when another field (a select) takes one of these values, until the person ticks it themself.
/// </summary>
public sealed record FormField(string Name, string Label, FieldKind Kind, bool Required = true, Type? Choices = null, string? Help = null)
{
    public (string Field, IReadOnlyList<string> Values)? CheckedFor { get; init; }

    public IReadOnlyList<(string Value, string Label)> Options => Choices is null ? []
        : Enum.GetNames(Choices).Select(n => char.ToLowerInvariant(n[0]) + n[1..]).Select(wire => (wire, FrenchLabels.Of(Choices, wire) ?? wire)).ToList();
}

/// <summary>The staff's forms, one per kind of milestone, in French; they post the API's own JSON.</summary>
public static class MilestoneForms
{
    private static FormField Text(string name, string label, bool required = true, string? help = null) => new(name, label, FieldKind.Text, required, null, help);
    private static FormField Long(string name, string label, bool required = true, string? help = null) => new(name, label, FieldKind.LongText, required, null, help);
    private static FormField YesNo(string name, string label, bool required = true, string? help = null) => new(name, label, FieldKind.YesNo, required, null, help);
    private static FormField Check(string name, string label, string help) => new(name, label, FieldKind.Check, false, null, help);
    private static FormField Choice<T>(string name, string label, bool required = true, string? help = null) where T : struct, Enum => new(name, label, FieldKind.Select, required, typeof(T), help);

    public static readonly IReadOnlyDictionary<string, (string Help, IReadOnlyList<FormField> Fields)> Kinds = new Dictionary<string, (string, IReadOnlyList<FormField>)>
    {
        ["actorJoined"] = ("Un acteur rejoint le collectif qui porte le projet.",
            [Text("actorName", "Nom de l'acteur"), Choice<ActorKind>("kind", "Type d'acteur"),
             Check("naturalPerson", "personne physique", PersonHelp + " Cochée d'office pour un habitant.") with
             {
                 CheckedFor = ("kind", NaturalPersons.KindsCountedWhenNotSaid.Select(k => k.Wire()).ToList()),
             },
             YesNo("isLocal", "Acteur du territoire ?", help: "Oui s'il est implanté sur le territoire du pôle."), Choice<ActorRole>("role", "Rôle dans le projet")]),
        ["actorLeft"] = ("Un acteur quitte le collectif.",
            [Text("actorName", "Nom de l'acteur", help: "Tel qu'il a été saisi à son arrivée."), Long("reason", "Raison du départ")]),
        ["carrierIdentified"] = ("Une figure entrepreneuriale (porteur) est identifiée.",
            [Text("carrierName", "Nom du porteur"), Check("naturalPerson", "personne physique", PersonHelp)]),
        ["carrierLost"] = ("Le projet perd son porteur.", [Long("reason", "Raison")]),
        ["carryingHandedOver"] = ("Le portage passe d'un acteur à un autre.",
            [Text("from", "De"), Text("to", "Vers"), Check("toNaturalPerson", "le nouveau porteur est une personne physique", PersonHelp),
             YesNo("hubAsIntermediary", "Le pôle a-t-il servi d'intermédiaire ?")]),
        ["structuringPathChosen"] = ("Le projet choisit sa voie de structuration.",
            [Choice<StructuringPath>("path", "Voie"), Text("hostStructure", "Structure hôte", false, "Obligatoire pour une extension d'une structure existante.")]),
        ["legalFormAdopted"] = ("Le projet adopte une forme juridique (elle remplace la précédente).",
            [Choice<LegalForm>("form", "Forme juridique"), YesNo("inEss", "Dans l'ESS ?"), Text("otherLabel", "Précision", false, "Obligatoire si la forme est « Autre ».")]),
        ["fundingSecured"] = ("Une ressource est obtenue : subvention, ventes, adhésions, bénévolat valorisé…",
            [Text("fundingId", "Référence du financement", help: "Unique dans le projet, pour pouvoir en signaler la fin."),
             Choice<FundingSourceKind>("sourceKind", "Type de ressource"), Text("funder", "Financeur ou origine"),
             new("amountEuros", "Montant (€)", FieldKind.Number, Help: "Par exemple 15000, 15 000 ou 15 000,50."), new("periodStart", "Début de la période", FieldKind.Date, false),
             new("periodEnd", "Fin de la période", FieldKind.Date, false)]),
        ["fundingEnded"] = ("Un financement prend fin.", [Text("fundingId", "Référence du financement"), Long("reason", "Raison", false)]),
        ["accompanimentStarted"] = ("Un accompagnement commence, par le pôle ou une autre structure.",
            [YesNo("byHub", "Par le pôle ?"), Text("structure", "Structure d'accompagnement", false, "Si ce n'est pas le pôle."),
             Text("programme", "Programme", false)]),
        ["accompanimentEnded"] = ("Un accompagnement se termine.",
            [YesNo("byHub", "Par le pôle ?"), Text("structure", "Structure d'accompagnement", false, "Si ce n'est pas le pôle.")]),
        ["externalExpertiseSought"] = ("Le projet sollicite une expertise.",
            [Long("what", "Expertise"), Text("fromWhom", "Auprès de"), YesNo("outsideTerritory", "Hors du territoire ?")]),
        ["projectPaused"] = ("Le projet se met en pause.", [Long("reason", "Raison")]),
        ["projectResumed"] = ("Le projet reprend après une pause.", [Long("note", "Note", false)]),
        ["projectStopped"] = ("Le projet s'arrête : pourquoi, et ce qu'il en reste.",
            [new("reasons", "Raisons de l'arrêt", FieldKind.MultiCheck, true, typeof(StopReason)),
             Text("otherReason", "Autre raison", false, "Obligatoire si « Autre » est coché."), Long("note", "Note", false),
             Text("activityTakenOverBy", "Activité reprise par", false), Text("assetsPassedOnTo", "Biens ou savoirs transmis à", false),
             YesNo("lastingNetwork", "Un réseau perdure-t-il ?", false), new("jobsKept", "Emplois maintenus", FieldKind.Number, false),
             Choice<HubStance>("hubStance", "Position du pôle", false)]),
        ["followUpObserved"] = ("Après un arrêt, ce qui existe encore (1, 2, 5 ans après…). Ne modifie pas l'arrêt.",
            [YesNo("activityStillRunning", "L'activité continue ?", false), Text("takenOverBy", "Reprise par", false),
             YesNo("assetsStillUsed", "Biens ou savoirs encore utilisés ?", false), YesNo("networkStillActive", "Le réseau est-il actif ?", false),
             new("jobsStillThere", "Emplois encore là", FieldKind.Number, false), Long("note", "Note", false)]),
        ["naturalPersonMarked"] = ("Dire qu'un nom déjà saisi dans le projet (acteur, porteur, nom cité dans une note ou dans ce qu'il reste " +
            "d'un arrêt) est celui d'une personne physique, ou corriger ce qui en a été dit.",
            [Text("name", "Nom", help: "Tel qu'il a été saisi dans un jalon du projet."),
             YesNo("naturalPerson", "Est-ce une personne physique ?", help: PersonHelp)]),
        ["note"] = ("Une note libre, datée.", [Long("text", "Texte")]),
    };

    /// <summary>Why the forms ask.</summary>
    public const string PersonHelp =
        "Le nom d'une personne physique est une donnée personnelle : elle peut en demander l'effacement (RGPD).";

    /// <summary>The form's fields as the API's JSON body (with its milestone <paramref name="type"/>, if any).</summary>
    public static (JsonElement Root, byte[] Bytes) Json(string? type, IFormCollection form, IReadOnlyList<FormField> fields)
    {
        var json = new JsonObject();
        if (type is not null) json["type"] = type;
        if (Value(form, "occurredOn") is { } date) json["occurredOn"] = IsoOrAsTyped(date);
        foreach (var f in fields)
        {
            if (f.Kind == FieldKind.Check)
            {
                // The box posts « oui » after its hidden « non »: ticked or not, the form says; absent, it was not asked.
                // Any other value was not posted by the box: sent as it is, for the API to refuse, never read as « non ».
                if (form.TryGetValue(f.Name, out var ticks) && ticks.Count > 0)
                    json[f.Name] = ticks.FirstOrDefault(t => t is not ("oui" or "non")) is { } odd ? odd : ticks.Contains("oui");
                continue;
            }
            if (f.Kind == FieldKind.MultiCheck)
            {
                var items = form[f.Name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (JsonNode)v!.Trim()).ToArray();
                if (items.Length > 0) json[f.Name] = new JsonArray(items);
                continue;
            }
            if (Value(form, f.Name) is not { } text) continue;
            // Numbers go as typed: the API reads "15 000,50" with the one amount parser and names what it refuses.
            json[f.Name] = f.Kind switch
            {
                FieldKind.YesNo => PortfolioRows.ParseBool(text) is { } b ? b : text,
                FieldKind.Date => IsoOrAsTyped(text),
                _ => text,
            };
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
        return (JsonSerializer.Deserialize<JsonElement>(bytes), bytes);
    }

    /// <summary>A date typed by hand (a browser without a date picker: 1/3/2018) as the API's ISO date; else as typed, for the API to refuse.</summary>
    private static string IsoOrAsTyped(string text) =>
        DateText.TryParseTyped(text, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : text;

    private static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    public static string Today(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
