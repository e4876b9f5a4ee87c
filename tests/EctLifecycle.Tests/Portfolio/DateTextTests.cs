using EctLifecycle.Http;
using EctLifecycle.Portfolio;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>The hand-written date readers accept exactly the calendar dates the culture-based parsing accepted.</summary>
public class DateTextTests
{
    [Theory]
    [InlineData("2021-03-15", 2021, 3, 15)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("1990-01-01", 1990, 1, 1)]
    public void iso_dates_are_read(string text, int y, int m, int d)
    {
        DateText.TryParseIso(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("2023-02-29")] [InlineData("2021-13-01")] [InlineData("2021-00-10")] [InlineData("2021-04-31")]
    [InlineData("2021-3-15")] [InlineData("21-03-15")] [InlineData("2021/03/15")] [InlineData("2021-03-15x")]
    [InlineData("2021-03-1a")] [InlineData("")] [InlineData("15/03/2021")] [InlineData("+021-03-15")]
    public void anything_else_is_not_an_iso_date(string text) => DateText.TryParseIso(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("15/03/2021", 2021, 3, 15)]
    [InlineData("1/2/2020", 2020, 2, 1)]
    [InlineData("01/12/2019", 2019, 12, 1)]
    [InlineData("2021-03-15", 2021, 3, 15)]
    [InlineData("2021-03-15 00:00:00", 2021, 3, 15)]
    [InlineData("15/03/2021T00:00", 2021, 3, 15)]
    public void the_spreadsheet_reads_iso_and_day_first_dates(string text, int y, int m, int d) =>
        PortfolioRows.ParseDate(text).ShouldBe(new DateOnly(y, m, d));

    [Theory]
    [InlineData("29/02/2023")] [InlineData("15/13/2021")] [InlineData("15/03/21")] [InlineData("115/03/2021")]
    [InlineData("15-03-2021")] [InlineData("03/15/2021")] [InlineData("demain")] [InlineData("/03/2021")]
    public void the_spreadsheet_refuses_what_is_not_a_date(string text) => PortfolioRows.ParseDate(text).ShouldBeNull();
}
