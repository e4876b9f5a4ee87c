using EctLifecycle.Communes;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// Staff place the project in a commune of the official geographic code (its INSEE code), typically confirming what the
/// registration's free text proposed (<see cref="FromText"/>), dated when the project was there (by default its
/// emergence). A later placement, in business order, replaces it: a project that moves is placed again. The registration's
/// text stays as it was typed.
/// </summary>
public sealed record CommunePlaced(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string CommuneCode, string CommuneName, string? FromText)
    : ProjectFact, IProjectEvent;

public sealed class CommunePlacedKind : MilestoneKind<CommunePlaced>
{
    public override string Type => "communePlaced";
    public override string Label => "Commune (code officiel)";
    public override int Order => 175;
    public override string Help => "Placer le projet dans une commune du code officiel géographique (code INSEE), par exemple pour " +
        "confirmer la commune saisie à l'enregistrement. Datez-le du jour où le projet y était : son émergence, s'il n'a pas bougé.";
    public override bool AfterStop => true;

    private static readonly MilestoneField<string> Code = Field.Text("communeCode", "Code INSEE de la commune", "code commune",
        "Cinq caractères (39300 pour Lons-le-Saunier) : le champ propose les communes à mesure que vous tapez.", max: 5);
    private static readonly MilestoneField<string?> FromText = Field.OptionalText("fromText", "Commune saisie auparavant", "commune saisie",
        "Le texte que ce code confirme, s'il y en a un.");

    public override IReadOnlyList<MilestoneField> Fields => [Code, FromText];

    protected override CommunePlaced Read(FieldReader r, MilestoneHeader h)
    {
        var code = Code.Read(r);
        var fromText = FromText.Read(r);
        var catalog = CommuneCatalog.Shipped;
        var commune = string.IsNullOrWhiteSpace(code) ? null : catalog.Find(code);
        if (!string.IsNullOrWhiteSpace(code) && commune is null)
            r.Error("communeCode", catalog.Missing ?? $"aucune commune n'a le code INSEE « {code.Trim()} » (cherchez-la avec GET /api/communes?q=nom)");
        return new CommunePlaced(h.ProjectId, h.OccurredOn, h.LoggedBy, commune?.Code ?? code, commune?.Name ?? "", fromText);
    }

    protected override ProjectState Apply(ProjectState state, CommunePlaced e) =>
        state with { Commune = e.CommuneName, CommuneCode = e.CommuneCode };

    protected override string Summary(CommunePlaced e) =>
        $" : {e.CommuneName} ({e.CommuneCode}){(e.FromText is { } t ? $", saisie « {t} »" : "")}";

    public override IReadOnlyList<string> FreeText => ["FromText"];
    public override IReadOnlyList<string> Codes => ["CommuneCode", "CommuneName"];

    protected override CommunePlaced Rewrite(CommunePlaced e, ITextRewriter m) => e with { FromText = m.Optional(e.FromText) };
}
