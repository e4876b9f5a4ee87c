using System.Text.RegularExpressions;

/// <summary>
/// The folders others read do not read them back, through any other folder: Lists (the closed lists) and Http (reading
/// bodies, answers) read no area; Projects (the events, the state, the milestone kinds) reads only what does not read it
/// back, so that no chain of folders leads from Projects to Http's readers or to Scoring (the endpoints that write and the
/// timelines kept live in Timelines, above both). Read off the sources' <c>using</c> directives and qualified names
/// (<c>Http.Query(…)</c>, <c>EctLifecycle.Scoring.Grid</c>) whose name is a type the folder declares (a property named
/// like a folder, <c>state.Actors.Where</c>, is none); comments are skipped. <c>Http/OpenApi</c>, which describes every
/// area's endpoints, is a folder of its own.
/// </summary>
public sealed class FoldersWithoutCycles
{
    /// <summary>The folders no chain of references may lead back to: what they reach does not reach them.</summary>
    private static readonly string[] WithoutCycle = ["Lists", "Http", "Communes", "Projects"];

    [Fact]
    public void lists_http_communes_and_projects_are_on_no_cycle_of_folders_and_projects_reaches_neither_scoring_nor_the_endpoints()
    {
        var edges = Edges(SourceFiles());
        var listed = string.Join("\n", edges.Select(e => $"{e.From} -> {e.To} ({e.File})"));

        foreach (var folder in WithoutCycle)
            Cycle(edges, folder).ShouldBeNull($"{folder} is on a cycle:\n{listed}");
        Reached(edges, "Lists").ShouldBeEmpty();
        Reached(edges, "Http").ShouldBeEmpty();
        Reached(edges, "Projects").ShouldBeSubsetOf(["Http", "Communes", "Lists"]);
        Reached(edges, "Scoring").ShouldContain("Projects", "the check sees the references that do exist");
    }

    [Fact]
    public void a_folder_reading_back_one_that_reads_it_through_a_third_is_a_cycle_and_a_property_named_like_a_folder_is_no_reference()
    {
        var edges = Edges(
        [
            ("Projects/A.cs", "using EctLifecycle.Http;\nnamespace EctLifecycle.Projects;\nclass A { int N(State s) => s.Scoring.Count + Scoring.Count; }"),
            ("Http/B.cs", "// EctLifecycle.Scoring in a comment is no reference\nnamespace EctLifecycle.Http;\nclass B { object C => Scoring.Grid.Default; }"),
            ("Scoring/C.cs", "namespace EctLifecycle.Scoring;\n/// <see cref=\"Projects.ProjectState\"/>\nclass C { object D => Projects.A.N; }\nrecord Grid;"),
            ("Plans/Mail/D.cs", "namespace EctLifecycle.Plans.Mail;\nclass PlanLinks { }"),
            ("Lists/E.cs", "namespace EctLifecycle.Lists;\nclass E { object F => Plans.Mail.PlanLinks.Of(); }"),
        ]);

        edges.Select(e => $"{e.From}->{e.To}").ShouldBe(["Projects->Http", "Http->Scoring", "Scoring->Projects", "Lists->Plans"], ignoreOrder: true);
        Cycle(edges, "Projects").ShouldBe("Projects -> Http -> Scoring -> Projects");
        Cycle(edges.Where(e => e.From != "Http").ToList(), "Projects").ShouldBeNull();
    }

    private sealed record Edge(string From, string To, string File);

    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EctLifecycle.sln"))) root = root.Parent;
        var src = Path.Combine(root!.FullName, "src", "EctLifecycle");
        return Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(src, f).Replace('\\', '/'), File.ReadAllText(f)));
    }

    private static readonly Regex Using = new(
        @"using\s+(?:static\s+)?(?:\w+\s*=\s*)?EctLifecycle\.(?<folder>\w+)(?<sub>\.OpenApi)?\b", RegexOptions.Compiled);

    // A dotted name: the folder, then namespaces of its subfolders or a type (Plans.Mail.PlanLinks, Http.OpenApi.Access).
    private static readonly Regex Qualified = new(
        @"(?<![\w.])(?:EctLifecycle\.)?(?<folder>[A-Z]\w*)(?<sub>\.OpenApi)?(?<rest>(?:\.[A-Z]\w*)+)", RegexOptions.Compiled);

    private static readonly Regex Declared = new(
        @"\b(?:class|record|struct|interface|enum|delegate\s+[\w<>\[\]?,. ]+?)\s+(?<name>[A-Z]\w*)", RegexOptions.Compiled);

    private static List<Edge> Edges(IEnumerable<(string Path, string Text)> files)
    {
        // Code only: comments and the namespace line aside.
        var sources = files.Where(f => f.Path.Contains('/')).Select(f => (Folder: Folder(f.Path), f.Path, Code: string.Join('\n', f.Text.Split('\n')
            .Select(l => l.TrimStart()).Where(l => !l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => l.Contains("//", StringComparison.Ordinal) && !l.Contains("://", StringComparison.Ordinal) ? l[..l.IndexOf("//", StringComparison.Ordinal)] : l)
            .Where(l => !l.StartsWith("namespace ", StringComparison.Ordinal))))).ToList();
        var declared = sources.GroupBy(s => s.Folder)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => Declared.Matches(s.Code).Select(m => m.Groups["name"].Value)).ToHashSet());
        var edges = new List<Edge>();
        foreach (var (from, path, code) in sources)
        {
            // A reference when one of the names after the folder is a type the folder declares (a property named like a
            // folder, followed by a method or a property, is none).
            var named = Qualified.Matches(code)
                .Where(m => declared.TryGetValue(m.Groups["folder"].Value + m.Groups["sub"].Value, out var types)
                            && m.Groups["rest"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries).Any(types.Contains));
            foreach (var m in Using.Matches(code).Concat(named))
            {
                var to = m.Groups["folder"].Value + m.Groups["sub"].Value;
                if (to != from && declared.ContainsKey(to) && !edges.Any(e => e.From == from && e.To == to)) edges.Add(new Edge(from, to, path));
            }
        }
        return edges;
    }

    private static string Folder(string path) =>
        path.StartsWith("Http/OpenApi/", StringComparison.Ordinal) ? "Http.OpenApi" : path[..path.IndexOf('/')];

    /// <summary>The folders a chain of references from <paramref name="folder"/> reaches.</summary>
    private static HashSet<string> Reached(IReadOnlyList<Edge> edges, string folder)
    {
        var reached = new HashSet<string>();
        var todo = new Stack<string>([folder]);
        while (todo.TryPop(out var at))
            foreach (var e in edges.Where(e => e.From == at))
                if (reached.Add(e.To)) todo.Push(e.To);
        reached.Remove(folder);
        return reached;
    }

    /// <summary>A cycle through <paramref name="folder"/>, as the folders on it, or null.</summary>
    private static string? Cycle(IReadOnlyList<Edge> edges, string folder)
    {
        // Breadth first: the shortest way back, each folder visited once.
        var cameFrom = new Dictionary<string, string>();
        var queue = new Queue<string>([folder]);
        while (queue.TryDequeue(out var at))
            foreach (var e in edges.Where(e => e.From == at))
            {
                if (e.To == folder)
                {
                    var path = new List<string> { folder };
                    for (var x = at; x != folder; x = cameFrom[x]) path.Insert(1, x);
                    path.Add(folder);
                    return string.Join(" -> ", path);
                }
                if (e.To != folder && cameFrom.TryAdd(e.To, at)) queue.Enqueue(e.To);
            }
        return null;
    }
}
