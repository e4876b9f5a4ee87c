namespace EctLifecycle.Pages.Shared;

/// <summary>
/// Where a list cut into pages stands: the page shown (from 1), how many pages, and the address of each (the same search
/// and filters); the partial <c>_Pager</c> draws its links, named <paramref name="Label"/> for a screen reader.
/// </summary>
public sealed record Paging(int Page, int Pages, Func<int, string> Url, string Label)
{
    public const int DefaultSize = 50;

    /// <summary>
    /// The rows of <paramref name="all"/> on page <paramref name="asked"/> of <paramref name="size"/> rows: a page past the
    /// last (a bookmark, a list shortened since) shows the last; one below 1, the first.
    /// </summary>
    public static (IReadOnlyList<T> OnPage, Paging Paging, int First) Of<T>(
        IReadOnlyList<T> all, int asked, Func<int, string> url, string label, int size = DefaultSize)
    {
        var pages = Math.Max(1, (all.Count + size - 1) / size);
        var page = Math.Clamp(asked, 1, pages);
        return (all.Skip((page - 1) * size).Take(size).ToList(), new Paging(page, pages, url, label), (page - 1) * size + 1);
    }

    /// <summary>The same links under the list: a second navigation landmark, named apart.</summary>
    public Paging Below => this with { Label = $"{Label}, sous la liste" };
}
