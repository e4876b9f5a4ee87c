using System.Text;
using EctLifecycle.Analytics;
using EctLifecycle.Portfolio;

namespace EctLifecycle.Tests;

public class CsvFilesTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"clic\")", "'=HYPERLINK(\"http://x\",\"clic\")")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("-moins", "'-moins")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("'=déjà protégé", "''=déjà protégé")]
    [InlineData("Épicerie = commerce", "Épicerie = commerce")]
    [InlineData("'apostrophe", "'apostrophe")]
    [InlineData("'", "'")]
    [InlineData("", "")]
    public void a_text_that_starts_like_a_formula_is_written_behind_a_quote_and_read_back_exactly(string text, string cell)
    {
        CsvFiles.Text(text).ShouldBe(cell);
        CsvFiles.Restore(cell).ShouldBe(text);
    }

    [Fact]
    public void a_workbook_saved_from_a_csv_export_gives_formula_like_texts_back_without_their_quote()
    {
        var file = new PortfolioFile();
        file.Projects.Add(new PortfolioRow(2, new Dictionary<string, string> { ["key"] = "P1", ["name"] = "'=1+1", ["summary"] = "'apostrophe" }));
        var workbook = new MemoryStream();
        PortfolioFormats.Write(file, workbook, PortfolioFormat.Xlsx);
        workbook.Position = 0;
        var read = PortfolioFormats.Read(workbook, "p.xlsx").Projects.Single();
        read["name"].ShouldBe("=1+1");
        read["summary"].ShouldBe("'apostrophe");
    }

    [Fact]
    public void tidy_csv_neutralises_text_values_but_not_negative_numbers_or_dates()
    {
        var rows = new TidyRow[]
        {
            new("=cmd", new DateOnly(2020, 1, 1), "drift", -3),
            new("P1", null, "delta", -0.25),
            new("P1", null, "actorLeft", "-Les Semeurs"),
        };
        var file = TidyCsv.File(rows);
        file.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(file.AsSpan(3)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "subject,date,measure,value",
            "'=cmd,2020-01-01,drift,-3",
            "P1,,delta,-0.25",
            "P1,,actorLeft,'-Les Semeurs",
        ]);
        TidyCsv.Text(rows).ShouldStartWith("subject,", Case.Sensitive, "printed on the terminal: no byte order mark");
    }
}
