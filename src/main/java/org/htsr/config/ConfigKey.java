package org.htsr.config;

/**
 * One documented setting: the key used in conf/htsr.properties, the command-line option that
 * overrides it, its built-in default and what it means.
 */
public record ConfigKey(String key, String option, String defaultValue, String doc) {}
