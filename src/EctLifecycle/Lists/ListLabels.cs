namespace EctLifecycle.Lists;

/// <summary>
/// The French words of the domain's closed lists (forms, spreadsheets, reports, the API's messages). Below every area
/// (Http's reading names them in its messages); <c>Projects.FrenchLabels</c> adds the milestone types.
/// </summary>
public static class ListLabels
{
    private static readonly Dictionary<Type, Dictionary<string, string>> Enums = new()
    {
        [typeof(EmergenceContext)] = new()
        {
            ["nationalProgramme"] = "Programme national", ["localProgramme"] = "Programme local animé par le pôle",
            ["personalTrigger"] = "Déclic personnel", ["structureNeed"] = "Besoin d'une structure",
        },
        [typeof(HubRole)] = new() { ["origin"] = "À l'origine", ["animator"] = "Animateur", ["absent"] = "Absent" },
        [typeof(ActorKind)] = new()
        {
            ["publicBody"] = "Collectivité / organisme public", ["association"] = "Association", ["company"] = "Entreprise",
            ["farmer"] = "Agriculteur", ["inhabitant"] = "Habitant", ["hub"] = "Le pôle",
            ["supportStructure"] = "Autre structure d'accompagnement", ["researchBody"] = "Recherche", ["other"] = "Autre",
        },
        [typeof(ActorRole)] = new()
        {
            ["initiator"] = "Initiateur", ["carrier"] = "Porteur", ["partner"] = "Partenaire", ["funder"] = "Financeur",
            ["beneficiariesRepresentative"] = "Représentant des bénéficiaires",
        },
        [typeof(StructuringPath)] = new()
        {
            ["remainsIdea"] = "Reste une idée", ["extensionOfExistingStructure"] = "Extension d'une structure existante",
            ["newLegalEntity"] = "Nouvelle entité juridique",
        },
        [typeof(LegalForm)] = new()
        {
            ["association"] = "Association", ["scic"] = "SCIC", ["scop"] = "SCOP", ["sas"] = "SAS", ["sarl"] = "SARL",
            ["publicBody"] = "Structure publique", ["associationPlusSas"] = "Association + SAS", ["other"] = "Autre",
        },
        [typeof(FundingSourceKind)] = new()
        {
            ["publicSubsidy"] = "Subvention publique", ["callForProjects"] = "Appel à projets", ["sales"] = "Ventes",
            ["memberships"] = "Adhésions", ["donations"] = "Dons", ["loan"] = "Prêt",
            ["volunteeringInKind"] = "Bénévolat / en nature", ["privateFoundation"] = "Fondation privée",
        },
        [typeof(StopReason)] = new()
        {
            ["fundingLostOrEnded"] = "Financement perdu ou terminé", ["carrierLeft"] = "Départ du porteur",
            ["cooperationFaded"] = "Coopération essoufflée", ["noAppropriation"] = "Pas d'appropriation par le territoire",
            ["goalReached"] = "Objectif atteint", ["mergedIntoAnotherProject"] = "Fusion dans un autre projet",
            ["regulatoryObstacle"] = "Obstacle réglementaire ou juridique", ["other"] = "Autre",
        },
        [typeof(HubStance)] = new()
        {
            ["followUp"] = "Suivre", ["tryToRevive"] = "Tenter une relance", ["capitaliseLessons"] = "Capitaliser les enseignements",
            ["archive"] = "Archiver",
        },
        [typeof(CarrierType)] = new()
        {
            ["person"] = "Une personne", ["structure"] = "Une structure",
            ["hubAwaitingCarrier"] = "Le pôle, dans l'attente de l'identification d'un porteur",
        },
        [typeof(CarrierStatus)] = new() { ["salaried"] = "Salarié", ["volunteer"] = "Bénévole", ["elected"] = "Élu", ["inBusiness"] = "Entrepreneur" },
        [typeof(TimeGiven)] = new() { ["fullTime"] = "Temps plein", ["partTime"] = "Temps partiel", ["occasional"] = "Ponctuel" },
        [typeof(BirthOrigin)] = new()
        {
            ["otherProjectCarrier"] = "Le porteur d'un autre projet", ["otherProjectCollective"] = "Le collectif d'un autre projet",
            ["hubMethod"] = "Une méthode animée par le pôle", ["spinOff"] = "Un essaimage", ["replicationElsewhere"] = "Une réplication d'ailleurs",
        },
        [typeof(Stage)] = new()
        {
            ["idea"] = "Idée", ["collective"] = "Collectif", ["structuring"] = "Structuration",
            ["operating"] = "En activité", ["paused"] = "En pause", ["stopped"] = "Arrêté",
        },
    };

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Enums[typeof(TEnum)][value.Wire()];

    public static string? Of(Type enumType, string wire) =>
        Enums.TryGetValue(enumType, out var labels) && labels.TryGetValue(wire, out var label) ? label : null;

    /// <summary>
    /// The allowed values of a list for a message: their French labels (« initiateur, porteur, … »), which people type
    /// in the forms and the spreadsheets, then the API's names after <see cref="ApiNames"/>, which
    /// <see cref="ForPeople"/> cuts off for the pages and the import.
    /// </summary>
    public static string Allowed<TEnum>() where TEnum : struct, Enum =>
        $"{string.Join(", ", Vocabulary.WireNames<TEnum>().Select(w => Lower(Of(typeof(TEnum), w) ?? w)))}{ApiNames}{string.Join(", ", Vocabulary.WireNames<TEnum>())})";

    public const string ApiNames = " (dans l'API : ";

    /// <summary>A message as a person reads it: without the API's names of the allowed values.</summary>
    public static string ForPeople(string message) =>
        message.IndexOf(ApiNames, StringComparison.Ordinal) is var at and >= 0
            ? message[..at] + (message.IndexOf(')', at) is var end and >= 0 ? message[(end + 1)..] : "")
            : message;

    // « Initiateur » reads « initiateur » in a list; « SCIC » stays.
    private static string Lower(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    /// <summary>The wire name for a French label of any list (case-insensitive), or null.</summary>
    public static string? WireNameOf(Type enumType, string label) =>
        ByLabel.TryGetValue(enumType, out var wires) && wires.TryGetValue(label.Trim(), out var wire) ? wire : null;

    // Labels back to wire names, looked up once per cell of an imported file (the first label wins, as in the lists).
    private static readonly Dictionary<Type, Dictionary<string, string>> ByLabel =
        Enums.ToDictionary(e => e.Key, e => Reverse(e.Value));

    internal static Dictionary<string, string> Reverse(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var reverse = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (wire, label) in labels) reverse.TryAdd(label, wire);
        return reverse;
    }
}
