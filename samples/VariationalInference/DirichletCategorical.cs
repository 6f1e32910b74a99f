namespace VariationalInference;

internal static class DirichletCategorical
{
    public static bool Run(bool quick, string outDir, int seed) => true;
}
