using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record CriterionScore(string CriterionId, int Points, string? Rationale);

public sealed record CriteriaAssessed(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string GridVersion, IReadOnlyList<CriterionScore> Scores) : ProjectFact, IProjectEvent;

/// <summary>
/// Criteria scored by staff under a grid. Logged on its own page (<c>/projets/{id}/evaluation</c>) and written in the
/// file's assessments sheet, one row per criterion: no milestone form, no column of the milestone sheet.
/// </summary>
public sealed class CriteriaAssessedKind : MilestoneKind<CriteriaAssessed>
{
    public override string Type => "criteriaAssessed";
    public override string Label => "Évaluation de critères";
    public override int Order => 130;
    public override bool InMilestoneSheet => false;

    protected override CriteriaAssessed Read(FieldReader r, MilestoneHeader h) =>
        throw new InvalidOperationException("an assessment is read against the grids");

    public override IProjectEvent Read(FieldReader r, MilestoneHeader h, IAssessmentGrids grids)
    {
        var version = r.RequiredString("gridVersion", 50);
        var known = grids.Known(version);
        if (version != "" && known is null)
            r.Error("gridVersion", $"grille inconnue « {version} », attendu parmi : {string.Join(", ", grids.Versions)}");
        var scores = r.Objects("scores", s =>
        {
            var id = s.RequiredString("criterionId", 100);
            var points = s.Long("points", 0);
            if (points > 3) s.Error("points", "les points vont de 0 à 3");
            var assessed = known is null ? null : grids.IsAssessed(known, id);
            if (known is not null && id != "" && assessed is null)
                s.Error("criterionId", $"critère inconnu de la grille {known} « {id} »");
            else if (assessed is false)
                s.Error("criterionId", $"le critère « {id} » est calculé à partir des jalons, il ne s'évalue pas");
            return new CriterionScore(id, (int)Math.Clamp(points ?? 0, 0, 3), s.String("rationale", false, FieldReader.MaxText));
        });
        foreach (var dup in scores.GroupBy(s => s.CriterionId).Where(g => g.Key != "" && g.Count() > 1))
            r.Error("scores", $"le critère « {dup.Key} » est évalué deux fois");
        return new CriteriaAssessed(h.ProjectId, h.OccurredOn, h.LoggedBy, known ?? version, scores);
    }

    protected override ProjectState Apply(ProjectState state, CriteriaAssessed e) => state with
    {
        Assessments = e.Scores.Aggregate(state.Assessments, (acc, s) =>
            acc.SetItem(s.CriterionId, new Assessment(s.Points, s.Rationale, e.GridVersion, e.OccurredOn))),
    };

    /// <summary>By criterion id; the journey names the criteria by their labels in the grid (<c>Web/TimelineText</c>).</summary>
    protected override string Summary(CriteriaAssessed c) =>
        $" : {string.Join(" ; ", c.Scores.Select(s => $"{s.CriterionId} : {s.Points} point{(s.Points > 1 ? "s" : "")}"))}";

    public override IReadOnlyList<string> FreeText => ["Scores[].Rationale"];
    public override IReadOnlyList<string> Codes => ["GridVersion", "Scores[].CriterionId"];

    protected override CriteriaAssessed Rewrite(CriteriaAssessed e, ITextRewriter m) => e with
    {
        Scores = e.Scores.Select(s => s with { Rationale = m.Optional(s.Rationale) }).ToList(),
    };
}
