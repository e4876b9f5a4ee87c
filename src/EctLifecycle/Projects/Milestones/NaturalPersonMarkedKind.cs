using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// Staff say that a name in the project (an actor, a carrier, a name in a note or in what remains of a stop) is a natural
/// person's, or is not: a later mark, in business order, corrects an earlier one and the actors' and carriers' own flags.
/// It changes nothing else (no state, no score) and may follow a stop.
/// </summary>
public sealed record NaturalPersonMarked(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Name, bool NaturalPerson) : ProjectFact, IProjectEvent;

public sealed class NaturalPersonMarkedKind : MilestoneKind<NaturalPersonMarked>
{
    public override string Type => "naturalPersonMarked";
    public override string Label => "Marquage d'une personne physique";
    public override int Order => 180;
    public override string Help => "Dire qu'un nom déjà saisi dans le projet (acteur, porteur, nom cité dans une note ou dans ce qu'il reste " +
        "d'un arrêt) est celui d'une personne physique, ou corriger ce qui en a été dit.";
    public override bool AfterStop => true;

    private static readonly MilestoneField<string> Name = Field.Text("name", "Nom", "nom concerné", "Tel qu'il a été saisi dans un jalon du projet.");
    private static readonly MilestoneField<bool> NaturalPerson = Field.YesNo("naturalPerson", "Est-ce une personne physique ?", "personne physique",
        NaturalPersons.FormHelp);

    public override IReadOnlyList<MilestoneField> Fields => [Name, NaturalPerson];

    protected override NaturalPersonMarked Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, Name.Read(r), NaturalPerson.Read(r));

    protected override string Summary(NaturalPersonMarked m) => $" : « {m.Name} » {(m.NaturalPerson ? "est" : "n'est pas")} une personne physique";

    public override IReadOnlyList<string> FreeText => ["Name"];

    protected override NaturalPersonMarked Rewrite(NaturalPersonMarked e, ITextRewriter m) => e with { Name = m.Text(e.Name) };
}
