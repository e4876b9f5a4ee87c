using EctLifecycle.Http;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Http;

/// <summary>
/// The one date parser: the API's ISO dates exactly, and the dates people type in the forms and the spreadsheet's
/// cells, read as a French reader reads them.
/// </summary>
public class DateTextTests
{
    [Theory]
    [InlineData(@"2021-03-15", 2021, 3, 15)]
    [InlineData(@"2024-02-29", 2024, 2, 29)]
    [InlineData(@"1990-01-01", 1990, 1, 1)]
    public void iso_dates_are_read(string text, int y, int m, int d)
    {
        DateText.TryParseIso(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData(@"2023-02-29")] [InlineData(@"2021-13-01")] [InlineData(@"2021-00-10")] [InlineData(@"2021-04-31")]
    [InlineData(@"2021-3-15")] [InlineData(@"21-03-15")] [InlineData(@"2021/03/15")] [InlineData(@"2021-03-15x")]
    [InlineData(@"2021-03-1a")] [InlineData(@"")] [InlineData(@"15/03/2021")] [InlineData(@"+021-03-15")]
    [InlineData(@" 2021-03-15")]
    public void anything_else_is_not_an_iso_date(string text) => DateText.TryParseIso(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(@"15/03/2021", 2021, 3, 15)]
    [InlineData(@"1/2/2020", 2020, 2, 1)]
    [InlineData(@"1/3/2018", 2018, 3, 1)]
    [InlineData(@"01/12/2019", 2019, 12, 1)]
    [InlineData(@"2021-03-15", 2021, 3, 15)]
    [InlineData(@"2018-3-1", 2018, 3, 1)]
    [InlineData(@"2018-03-1", 2018, 3, 1)]
    [InlineData(@"2021-03-15 00:00:00", 2021, 3, 15)]
    [InlineData(@"2021-03-15T00:00:00.000Z", 2021, 3, 15)]
    [InlineData(@"15/03/2021T00:00", 2021, 3, 15)]
    [InlineData(@"  2018-03-01   ", 2018, 3, 1)]
    [InlineData(@"2018-03-01\u00a0", 2018, 3, 1)]
    [InlineData(@"\u202f1/3/2018\u200b", 2018, 3, 1)]
    [InlineData(@"\ufeff2018-03-01", 2018, 3, 1)]
    public void a_typed_date_is_read_iso_or_day_first_whatever_surrounds_it(string text, int y, int m, int d)
    {
        DateText.TryParseTyped(text.Unescaped(), out var date).ShouldBeTrue(text);
        date.ShouldBe(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData(@"29/02/2023")] [InlineData(@"15/13/2021")] [InlineData(@"15/03/21")] [InlineData(@"115/03/2021")]
    [InlineData(@"15-03-2021")] [InlineData(@"03/15/2021")] [InlineData(@"demain")] [InlineData(@"/03/2021")]
    [InlineData(@"2018-3-")] [InlineData(@"2018--1")] [InlineData(@"2018-003-01")] [InlineData(@"1/3/2018/")]
    [InlineData(@"2018-03-01 environ")] [InlineData(@"2018-03-01 14h")] [InlineData(@"")] [InlineData(@"\u200b")]
    [InlineData(@"2018-03-01\u0000")]
    public void a_typed_date_that_is_not_one_is_refused(string text) => DateText.TryParseTyped(text.Unescaped(), out _).ShouldBeFalse(text);
}
