using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>A later adoption replaces the earlier form.</summary>
public sealed record LegalFormAdopted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    LegalForm Form, bool InEss, string? OtherLabel) : ProjectFact, IProjectEvent;

public sealed class LegalFormAdoptedKind : MilestoneKind<LegalFormAdopted>
{
    public override string Type => "legalFormAdopted";
    public override string Label => "Forme juridique adoptée";
    public override int Order => 70;
    public override string Help => "Le projet adopte une forme juridique (elle remplace la précédente).";

    private static readonly MilestoneField<LegalForm> Form = Field.Choice<LegalForm>("form", "Forme juridique", "forme juridique");
    private static readonly MilestoneField<bool> InEss = Field.YesNo("inEss", "Dans l'ESS ?", "ESS");
    private static readonly MilestoneField<string?> OtherLabel =
        Field.OptionalText("otherLabel", "Précision", "autre forme", "Obligatoire si la forme est « Autre ».");

    public override IReadOnlyList<MilestoneField> Fields => [Form, InEss, OtherLabel];

    protected override LegalFormAdopted Read(FieldReader r, MilestoneHeader h)
    {
        var form = r.Enum<LegalForm>(Form.Name);
        var inEss = InEss.Read(r);
        var other = OtherLabel.Read(r);
        if (form == LegalForm.Other && other is null)
            r.Error(OtherLabel.Name, "précisez la forme juridique quand elle est « other »");
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, form ?? default, inEss, other);
    }

    protected override ProjectState Apply(ProjectState state, LegalFormAdopted e) =>
        state with { LegalForm = new AdoptedForm(e.Form, e.InEss, e.OtherLabel, e.OccurredOn) };

    protected override string Summary(LegalFormAdopted f) =>
        $" : {FrenchLabels.Of(f.Form)}{(f.OtherLabel is { } o ? $" ({o})" : "")}{(f.InEss ? ", ESS" : "")}";

    public override IReadOnlyList<string> FreeText => ["OtherLabel"];

    protected override LegalFormAdopted Rewrite(LegalFormAdopted e, ITextRewriter m) => e with { OtherLabel = m.Optional(e.OtherLabel) };
}
