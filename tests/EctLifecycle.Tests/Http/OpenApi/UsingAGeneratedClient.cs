using System.Diagnostics;
using System.Reflection;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using EctLifecycle.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Kiota.Abstractions;

namespace EctLifecycle.Tests.Http.OpenApi;

/// <summary>
/// A client generated from the running app's /openapi/v1.json by Kiota (the tool pinned in .config/dotnet-tools.json:
/// it makes the oneOf of milestones one typed wrapper, where NSwag would only keep its first type), compiled here with
/// ClientScenario.cs, then used against the app: it registers a project, logs every milestone type and calls every
/// analysis and report. The generated code stays under TestResults/openapi/kiota, never in git.
/// </summary>
public class UsingAGeneratedClient(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_client_generated_from_the_description_registers_logs_every_milestone_and_calls_every_analysis()
    {
        var root = BuiltApp.RepositoryRoot();
        var folder = Path.Combine(root, "TestResults", "openapi", "kiota");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var description = Path.Combine(folder, "v1.json");
        await File.WriteAllTextAsync(description, await Client.GetStringAsync("/openapi/v1.json"));

        await RunAsync(root, "tool", "restore");
        await RunAsync(root, "tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", description,
            "--output", Path.Combine(folder, "EctClient"), "--class-name", "EctClient", "--namespace-name", "Ect.Generated",
            "--exclude-backward-compatible", "--clean-output");

        var scenario = Compile(Directory.GetFiles(Path.Combine(folder, "EctClient"), "*.cs", SearchOption.AllDirectories));
        var seen = new Dictionary<string, object?>();
        var run = (Task)scenario.GetType("Ect.Scenario.ClientScenario")!.GetMethod("RunAsync")!
            .Invoke(null, [App.Host.Server.CreateClient(), AppFixture.TokenOf(Role.Staff), AppFixture.TokenOf(Role.Analyst), seen])!;
        try
        {
            await run;
        }
        catch (ApiException e)
        {
            // The answer's ProblemDetails, as the generated client read it, and how far the scenario went.
            var problem = e.GetType().GetProperty("Detail")?.GetValue(e) ?? e.GetType().GetProperty("AdditionalData")?.GetValue(e);
            throw new ShouldAssertException($"{e.ResponseStatusCode} {e.GetType().Name}: {problem} {System.Text.Json.JsonSerializer.Serialize(
                e.GetType().GetProperty("AdditionalData")?.GetValue(e))}\nseen: {System.Text.Json.JsonSerializer.Serialize(seen)}", e);
        }

        ((List<string>)seen["logged"]!).ShouldBe(MilestoneKinds.Types, ignoreOrder: true);
        // The milestones as the domain reads them: paused, then operating (a legal form and live funding), back to
        // structuring when the funding ends, stopped.
        seen["stage 2019-04-01"].ShouldBe("Paused");
        seen["stage 2019-05-31"].ShouldBe("Operating");
        seen["stage 2019-12-31"].ShouldBe("Structuring");
        seen["stage 2020-12-31"].ShouldBe("Stopped");
        seen["legal form"].ShouldBe("Scic");
        seen["cooperation-alive"].ShouldBe(2);
        seen["history"].ShouldBe(MilestoneKinds.Types.Count + 1);
        ((List<string>)seen["retracted"]!).ShouldBe(["note"]);

        seen["portfolio"].ShouldBe(1);
        seen["distribution"].ShouldBe(1);
        seen["sample"].ShouldBe("v1");
        seen["compare"].ShouldBe("v1/v2");
        seen["drift"].ShouldBe(true);
        ((List<string>)seen["cohorts"]!).ShouldContain("scic");
        seen["aligned"].ShouldBe(1);
        seen["communes"].ShouldBe("39300");
        seen["territory"].ShouldBe(1);
        seen["outputs"].ShouldBe(1);
        seen["entrepreneurial-figure"].ShouldBe(1);
        seen["lineage"].ShouldBe(1);
        foreach (var (route, header) in (Dictionary<string, string?>)seen["csv"]!)
            header.ShouldBe("subject,date,measure,value,libelle", route);
        seen["durability"].ShouldBe(1);
        seen["durability of the project"].ShouldBe("2020-06-01");
    }

    private static async Task RunAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        // No look for a newer Kiota on GitHub, no telemetry, no colours in the output kept for a failure.
        start.Environment["KIOTA_UPDATE__DISABLED"] = "true";
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_CONSOLE_COLORS_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"dotnet {string.Join(' ', arguments)}\n{await output}\n{await errors}");
    }

    /// <summary>The generated client and the scenario, compiled against this process's own framework and Kiota assemblies.</summary>
    private static Assembly Compile(string[] generated)
    {
        string[] symbols = ["NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET8_0_OR_GREATER", "NET10_0_OR_GREATER"];
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: symbols);
        using var scenario = typeof(UsingAGeneratedClient).Assembly.GetManifestResourceStream("ClientScenario.cs")!;
        var trees = generated.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f))
            .Append(CSharpSyntaxTree.ParseText(new StreamReader(scenario).ReadToEnd(), options, "ClientScenario.cs"))
            .Append(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; " +
                "global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("EctClientScenario", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var dll = new MemoryStream();
        var result = compilation.Emit(dll);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(30)));
        return Assembly.Load(dll.ToArray());
    }
}
