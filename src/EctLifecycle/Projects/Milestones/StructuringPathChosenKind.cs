using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record StructuringPathChosen(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    StructuringPath Path, string? HostStructure) : ProjectFact, IProjectEvent;

public sealed class StructuringPathChosenKind : MilestoneKind<StructuringPathChosen>
{
    public override string Type => "structuringPathChosen";
    public override string Label => "Voie de structuration choisie";
    public override int Order => 60;
    public override string Help => "Le projet choisit sa voie de structuration.";

    private static readonly MilestoneField<StructuringPath> Path = Field.Choice<StructuringPath>("path", "Voie", "voie de structuration");
    private static readonly MilestoneField<string?> HostStructure =
        Field.OptionalText("hostStructure", "Structure hôte", "structure hôte", "Obligatoire pour une extension d'une structure existante.");

    public override IReadOnlyList<MilestoneField> Fields => [Path, HostStructure];

    protected override StructuringPathChosen Read(FieldReader r, MilestoneHeader h)
    {
        var path = r.Enum<StructuringPath>(Path.Name);
        var host = HostStructure.Read(r);
        if (path == StructuringPath.ExtensionOfExistingStructure && host is null)
            r.Error(HostStructure.Name, "obligatoire quand le projet est porté par l'extension d'une structure existante");
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, path ?? default, host);
    }

    protected override ProjectState Apply(ProjectState state, StructuringPathChosen e) =>
        state with { Path = e.Path, HostStructure = e.HostStructure };

    protected override string Summary(StructuringPathChosen p) =>
        $" : {FrenchLabels.Of(p.Path)}{(p.HostStructure is { } h ? $" ({h})" : "")}";

    public override IReadOnlyList<string> FreeText => ["HostStructure"];

    protected override StructuringPathChosen Rewrite(StructuringPathChosen e, ITextRewriter m) => e with { HostStructure = m.Optional(e.HostStructure) };
}
