/* Test plugin: a shared object without the entry symbol. */
int not_a_stage(void);
int not_a_stage(void) { return 42; }
