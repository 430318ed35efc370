/**
 * Classes that break the layering rules on purpose, one rule each, so {@code ArchitectureTest} can
 * show its rules catch what they are meant to catch. They are never called. Test classes are not
 * imported by the real rules, so these do not make the build fail.
 */
package vpo.architecture.violations;
