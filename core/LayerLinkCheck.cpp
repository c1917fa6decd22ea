// The program of the layer link checks (core/CMakeLists.txt): it only has
// to link, with every object of one layer and only the layers below it.
int main() { return 0; }
