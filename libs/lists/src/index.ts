/** Official sanctions lists: one parser per format into one neutral listing shape, and reconcile(previous, next). */
export {};
