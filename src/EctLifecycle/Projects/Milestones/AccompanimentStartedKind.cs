using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>By the hub, or by another named support structure.</summary>
public sealed record AccompanimentStarted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    bool ByHub, string? Structure, string? Programme) : ProjectFact, IProjectEvent;

public sealed class AccompanimentStartedKind : MilestoneKind<AccompanimentStarted>
{
    public override string Type => "accompanimentStarted";
    public override string Label => "Début d'accompagnement";
    public override int Order => 100;
    public override string Help => "Un accompagnement commence, par le pôle ou une autre structure.";

    internal static readonly MilestoneField<bool> ByHub = Field.YesNo("byHub", "Par le pôle ?", "par le pôle");
    internal static readonly MilestoneField<string?> Structure =
        Field.OptionalText("structure", "Structure d'accompagnement", "structure", "Si ce n'est pas le pôle.");
    private static readonly MilestoneField<string?> Programme = Field.OptionalText("programme", "Programme", "programme");

    public override IReadOnlyList<MilestoneField> Fields => [ByHub, Structure, Programme];

    protected override AccompanimentStarted Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, ByHub.Read(r), ReadStructure(r), Programme.Read(r));

    /// <summary>The structure, which must be named when it is not the hub.</summary>
    internal static string? ReadStructure(FieldReader r)
    {
        var byHub = r.Has(ByHub.Name) && r.Bool(ByHub.Name, required: false);
        var structure = Structure.Read(r);
        if (!byHub && structure is null && r.Has(ByHub.Name))
            r.Error(Structure.Name, "nommez la structure qui accompagne quand ce n'est pas le pôle");
        return structure;
    }

    protected override (string Code, string Message)? Violation(ProjectState state, AccompanimentStarted e) =>
        state.FindActiveAccompaniment(e.ByHub, e.Structure) is not null
            ? ("accompanimentAlreadyActive", $"un accompagnement par {Describe(e.ByHub, e.Structure)} est déjà en cours")
            : null;

    protected override ProjectState Apply(ProjectState state, AccompanimentStarted e) => state with
    {
        Accompaniments = state.Accompaniments.Add(new Accompaniment(e.ByHub, e.Structure, e.Programme, e.OccurredOn)),
    };

    protected override string Summary(AccompanimentStarted a) =>
        $" : {(a.ByHub ? "par le pôle" : $"par {a.Structure}")}{(a.Programme is { } p ? $" ({p})" : "")}";

    internal static string Describe(bool byHub, string? structure) => byHub ? "le pôle" : $"« {structure} »";

    public override IReadOnlyList<string> FreeText => ["Structure", "Programme"];

    protected override AccompanimentStarted Rewrite(AccompanimentStarted e, ITextRewriter m) => e with
    {
        Structure = m.Optional(e.Structure), Programme = m.Optional(e.Programme),
    };
}
