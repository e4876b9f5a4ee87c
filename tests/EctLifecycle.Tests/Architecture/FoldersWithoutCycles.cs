using System.Text.RegularExpressions;

namespace EctLifecycle.Tests.Architecture;

/// <summary>
/// The folders others read do not read them back: Lists (the closed lists) reads no area, Http (reading bodies, answers)
/// reads neither Projects nor Scoring, Scoring reads Projects and never the reverse. Read off the sources' <c>using</c>
/// directives and qualified names (<c>Http.Query(…)</c>, <c>EctLifecycle.Scoring.Grid</c>); comments are skipped.
/// <c>Http/OpenApi</c>, which describes every area's endpoints, is a folder of its own.
/// </summary>
public sealed class FoldersWithoutCycles
{
    private static readonly string[] Watched = ["Lists", "Http", "Projects", "Scoring"];

    [Fact]
    public void lists_http_projects_and_scoring_read_one_another_without_a_cycle()
    {
        var edges = Edges(SourceFiles());
        var among = edges.Where(e => Watched.Contains(e.From) && Watched.Contains(e.To)).ToList();

        Cycle(among).ShouldBeNull(string.Join("\n", among.Select(e => $"{e.From} -> {e.To} ({e.File})")));
        among.Where(e => e.From == "Lists").ShouldBeEmpty();
        among.Where(e => e.From == "Http").ShouldBeEmpty();
    }

    [Fact]
    public void a_folder_reading_back_one_that_reads_it_is_a_cycle()
    {
        var edges = Edges(
        [
            ("Projects/A.cs", "using EctLifecycle.Http;\nnamespace EctLifecycle.Projects;"),
            ("Http/B.cs", "// EctLifecycle.Scoring in a comment is no reference\nnamespace EctLifecycle.Http;\nclass B { object C => Projects.MilestoneKinds.All; }"),
            ("Scoring/C.cs", "namespace EctLifecycle.Scoring;\n/// <see cref=\"Projects.ProjectState\"/>\nclass C { }"),
        ]);

        edges.Select(e => $"{e.From}->{e.To}").ShouldBe(["Projects->Http", "Http->Projects"], ignoreOrder: true);
        Cycle(edges).ShouldNotBeNull();
    }

    private sealed record Edge(string From, string To, string File);

    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EctLifecycle.sln"))) root = root.Parent;
        var src = Path.Combine(root!.FullName, "src", "EctLifecycle");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(src, f).Replace('\\', '/'), File.ReadAllText(f)));
    }

    private static readonly Regex Using = new(
        @"using\s+(?:static\s+)?(?:\w+\s*=\s*)?EctLifecycle\.(?<folder>\w+)(?<sub>\.OpenApi)?\b", RegexOptions.Compiled);

    private static readonly Regex Qualified = new(
        @"(?<![\w.])(?:EctLifecycle\.)?(?<folder>[A-Z]\w*)(?<sub>\.OpenApi)?\.(?=[A-Z])", RegexOptions.Compiled);

    private static List<Edge> Edges(IEnumerable<(string Path, string Text)> files)
    {
        var edges = new List<Edge>();
        foreach (var (path, text) in files)
        {
            if (!path.Contains('/')) continue;
            var from = Folder(path);
            var code = string.Join('\n', text.Split('\n').Select(l => l.TrimStart()).Where(l => !l.StartsWith("//", StringComparison.Ordinal))
                .Select(l => l.Contains("//", StringComparison.Ordinal) && !l.Contains("://", StringComparison.Ordinal) ? l[..l.IndexOf("//", StringComparison.Ordinal)] : l)
                .Where(l => !l.StartsWith("namespace ", StringComparison.Ordinal)));
            foreach (var m in Using.Matches(code).Concat(Qualified.Matches(code)))
            {
                var to = m.Groups["folder"].Value + m.Groups["sub"].Value;
                if (to != from && IsFolder(to) && !edges.Any(e => e.From == from && e.To == to)) edges.Add(new Edge(from, to, path));
            }
        }
        return edges;
    }

    private static string Folder(string path) =>
        path.StartsWith("Http/OpenApi/", StringComparison.Ordinal) ? "Http.OpenApi" : path[..path.IndexOf('/')];

    private static bool IsFolder(string name) => Watched.Contains(name) || name == "Http.OpenApi";

    /// <summary>A cycle among the edges, as the folders on it, or null.</summary>
    private static string? Cycle(IReadOnlyList<Edge> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var done = new HashSet<string>();
        string? Visit(string folder, List<string> path)
        {
            if (path.Contains(folder)) return string.Join(" -> ", path.SkipWhile(f => f != folder).Append(folder));
            if (!done.Add(folder)) return null;
            path.Add(folder);
            foreach (var to in next.GetValueOrDefault(folder) ?? []) if (Visit(to, path) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return next.Keys.Select(f => Visit(f, [])).FirstOrDefault(c => c is not null);
    }
}
