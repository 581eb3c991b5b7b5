package io.lipsync.parity;

/** A case asks for something the engine does not do yet; it reports as not implemented (and counts as failed). */
final class CaseNotImplemented extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CaseNotImplemented(String what) {
        super(what);
    }
}
