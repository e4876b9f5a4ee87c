using EctLifecycle.Http;
using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

/// <summary>The query-string parameters the read endpoints share: <c>asOf</c> (default today) and <c>grid</c> (default v1).</summary>
public sealed record ReadParameters(DateOnly AsOf, Grid Grid)
{
    public static IResult? TryRead(string? asOf, string? grid, BusinessCalendar calendar, GridCatalog grids, out ReadParameters parameters)
    {
        var errors = new Dictionary<string, string[]>();
        var today = calendar.Today;
        var date = today;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (!DateText.TryParseIso(asOf, out date))
                errors["asOf"] = [DateText.IsoProblem(asOf)];
            else if (date < FieldReader.Earliest || date > today)
                errors["asOf"] = [$"la date doit être comprise entre le {FieldReader.Earliest:dd/MM/yyyy} et aujourd'hui ({today:dd/MM/yyyy})"];
        }
        var chosen = string.IsNullOrWhiteSpace(grid) ? grids.Default : grids.Find(grid);
        if (chosen is null) errors["grid"] = [$"grille inconnue « {grid} », attendu parmi : {string.Join(", ", grids.Versions)}"];
        parameters = new ReadParameters(date, chosen ?? grids.Default);
        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }
}
