package org.htsr.table;

/** A checkpoint analysed under one configuration: the unit that later results supersede. */
public record CheckpointConfig(String checkpoint, String configHash) {}
