using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Http;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// The import reads a row's cells straight into the API's reading rules, without JSON in between: every row must read
/// to the same event, or the same errors, as the same row turned into the API's JSON (what the import did before, and
/// what the web forms still do).
/// </summary>
public class ReadingCells
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
    private static readonly DateOnly Today = new(2026, 1, 1);

    [Fact]
    public void every_row_of_the_study_reads_the_same_from_its_cells_and_from_its_json()
    {
        var file = DemoPortfolio.ToFile(DemoPortfolio.Study());
        file.Milestones.Count.ShouldBeGreaterThan(500);

        foreach (var row in file.Milestones) SameReading(PortfolioSchema.Milestones, row);
        foreach (var row in file.Assessments) SameReading(PortfolioSchema.Assessments, row);
        foreach (var row in file.Projects) SameReading(PortfolioSchema.Projects, row);
    }

    [Theory]
    [InlineData("occurredOn", "31/02/2020")]
    [InlineData("occurredOn", "2099-01-01")]
    [InlineData("amountEuros", "douze")]
    [InlineData("amountEuros", "-5")]
    [InlineData("kind", "extraterrestre")]
    [InlineData("isLocal", "peut-être")]
    [InlineData("reasons", "goalReached; pasUneRaison")]
    [InlineData("jobsKept", "2.5")]
    [InlineData("actorName", " ")]
    public void a_spoiled_cell_gives_the_same_errors_from_its_cells_and_from_its_json(string field, string value)
    {
        var file = DemoPortfolio.ToFile(DemoPortfolio.Study());
        var checkedRows = 0;
        foreach (var row in file.Milestones.Where(r => r.Cells.ContainsKey(field) || field is "occurredOn" or "type").Take(40))
        {
            var cells = row.Cells.Where(c => c.Key != field).Append(new(field, value)).ToList();
            var errors = SameReading(PortfolioSchema.Milestones, new PortfolioRow(row.Number, cells));
            if (errors.Count > 0) checkedRows++;
        }
        checkedRows.ShouldBeGreaterThan(0, $"no row was refused with {field} = {value}");
    }

    [Fact]
    public void an_assessment_row_is_one_score_and_an_unknown_column_is_reported_from_both()
    {
        var row = new PortfolioRow(2, [new("projectKey", "P1"), new("occurredOn", "2020-01-01"), new("gridVersion", "v1"),
            new("criterionId", "cooperation-alive"), new("points", "2")]);
        SameReading(PortfolioSchema.Assessments, row).ShouldBeEmpty();
        var noScore = new PortfolioRow(3, [new("projectKey", "P1"), new("occurredOn", "2020-01-01"), new("gridVersion", "v1")]);
        SameReading(PortfolioSchema.Assessments, noScore).ShouldContain(e => e.StartsWith("scores[0].criterionId"));
    }

    [Fact]
    public void a_cell_no_reading_asks_for_is_reported_as_unknown_from_both()
    {
        var file = DemoPortfolio.ToFile(DemoPortfolio.Study());
        var refused = 0;
        foreach (var row in file.Milestones.Where(r => !r.Cells.ContainsKey("jobsKept")).Take(60))
        {
            var errors = SameReading(PortfolioSchema.Milestones, new PortfolioRow(row.Number, [.. row.Cells, new("jobsKept", "3")]));
            if (errors.Contains("jobsKept: champ inconnu pour ce type de jalon")) refused++;
        }
        refused.ShouldBeGreaterThan(0, "a milestone that has no jobs kept should refuse the column");
    }

    /// <summary>Reads the row both ways; the events must be equal and the errors the same. Returns the errors.</summary>
    private static List<string> SameReading(SheetSchema sheet, PortfolioRow row)
    {
        var (fromCells, cellErrors) = Read(sheet, (skip, error, nested) => new FieldReader(PortfolioRows.ToFields(sheet, row, skip, error, nested)));
        var (fromJson, jsonErrors) = Read(sheet, (skip, error, nested) => new FieldReader(PortfolioRows.ToElement(sheet, row, skip, error, nested)));
        cellErrors.ShouldBe(jsonErrors, $"{sheet.Name} row {row.Number}");
        Json(fromCells).ShouldBe(Json(fromJson), $"{sheet.Name} row {row.Number}");
        return cellErrors;
    }

    private delegate FieldReader Reading(Func<string, bool> skip, Action<string, string> error, Func<string, bool>? nested);

    private static (object? Event, List<string> Errors) Read(SheetSchema sheet, Reading reading)
    {
        var errors = new List<string>();
        void Error(string field, string message) => errors.Add($"{field}: {message}");
        var id = Guid.Parse("00000000-0000-0000-0000-000000000001");
        object? e;
        FieldReader reader;
        if (sheet == PortfolioSchema.Projects)
        {
            reader = reading(f => f == "key", Error, null);
            reader.String("source", false);
            e = RegisterProjectEndpoint.Read(reader, id, Today, "import");
        }
        else if (sheet == PortfolioSchema.Assessments)
        {
            reader = reading(f => f == "projectKey", Error, f => f is "criterionId" or "points" or "rationale");
            e = MilestoneKinds.Read("criteriaAssessed", reader, Header(reader, id), Grids);
        }
        else
        {
            reader = reading(f => f == "projectKey", Error, null);
            var type = reader.RequiredString("type", 60);
            e = MilestoneKinds.IsKnown(type) && type != "retraction" ? MilestoneKinds.Read(type, reader, Header(reader, id), Grids) : null;
        }
        foreach (var (field, messages) in reader.Errors.OrderBy(x => x.Key))
            errors.AddRange(messages.Select(m => $"{field}: {m}"));
        return (reader.Ok ? e : null, errors);
    }

    private static MilestoneHeader Header(FieldReader reader, Guid id) =>
        new(id, reader.Date("occurredOn", Today) ?? default, reader.String("source", false) ?? "import");

    private static string Json(object? e) => e is null ? "null" : JsonSerializer.Serialize(e, e.GetType());
}
